using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Security;
using VpnBot.Vpn.OpenVpn;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.Vpn;

/// <summary>
/// Migrates customers' stored key material (WireGuard private and preshared keys in VpnConfig.ConfigData and
/// IpAllocation.KeyData, OpenVPN client keys in VpnConfig.ConfigData) to the format bound to the client's server
/// and name: values written before keys were bound are re-encrypted in place, the customer's keys unchanged.
/// Run by the <c>migrate</c> verb; safe to run again (bound values are left alone).
/// </summary>
public static class ClientSecretBinding
{
    private const string OldFormat = "enc:v1:";

    public sealed record Result(int Configs, int Reservations);

    public static async Task<Result> BindAllAsync(AppDbContext db, SecretProtector protector, CancellationToken ct)
    {
        // The columns are jsonb (no LIKE in SQL): rows are filtered here; the text test is a cheap filter, the parse decides.
        var configs = await db.VpnConfigs
            .Where(c => c.Protocol == VpnProtocol.WireGuard || c.Protocol == VpnProtocol.OpenVpn)
            .OrderBy(c => c.Id).ToListAsync(ct);
        var configCount = 0;
        foreach (var config in configs.Where(c => c.ConfigData.Contains(OldFormat, StringComparison.Ordinal)))
        {
            var rebound = Rebind(config.Protocol, config.ConfigData, config.ServerId, config.ExternalName, protector);
            if (rebound is null) continue;
            config.ConfigData = rebound;
            configCount++;
        }
        // A reservation without a name predates reservations by name; nothing reads its keys, so it is left alone.
        var reservations = await db.IpAllocations
            .Where(a => a.ExternalName != null && a.KeyData != null)
            .OrderBy(a => a.Id).ToListAsync(ct);
        var reservationCount = 0;
        foreach (var reservation in reservations.Where(a => a.KeyData!.Contains(OldFormat, StringComparison.Ordinal)))
        {
            var rebound = Rebind(VpnProtocol.WireGuard, reservation.KeyData, reservation.ServerId, reservation.ExternalName!, protector);
            if (rebound is null) continue;
            reservation.KeyData = rebound;
            reservationCount++;
        }
        await db.SaveChangesAsync(ct);
        return new Result(configCount, reservationCount);
    }

    /// <summary>The rebound JSON, or null when nothing was unbound.</summary>
    private static string? Rebind(VpnProtocol protocol, string? json, long serverId, string externalName, SecretProtector protector)
    {
        if (protocol == VpnProtocol.WireGuard)
        {
            var data = WireGuardConfigData.Parse(json);
            return data.IsUnbound ? data.Rebind(protector, serverId, externalName).ToJson() : null;
        }
        var ovpn = OpenVpnConfigData.Parse(json);
        return ovpn.IsUnbound ? ovpn.Rebind(protector, serverId, externalName).ToJson() : null;
    }
}
