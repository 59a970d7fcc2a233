using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Servers;

/// <summary>What customers may see of the servers: enabled ones only, without addresses or secrets.</summary>
public sealed class ServerDirectory(AppDbContext db)
{
    public async Task<IReadOnlyList<ServerListing>> ListEnabledAsync(CancellationToken ct)
    {
        var rows = await db.Servers.AsNoTracking()
            .Where(s => s.IsEnabled)
            .OrderBy(s => s.CountryCode).ThenBy(s => s.Location).ThenBy(s => s.City).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Location, s.City, s.CountryCode, s.SupportedProtocols, s.CurrentUsers, s.MaxUsers })
            .ToListAsync(ct);
        return rows.Select(s => new ServerListing(
            s.Id, s.Location, s.City, s.CountryCode, s.SupportedProtocols, ServerLoad.Of(s.CurrentUsers, s.MaxUsers))).ToList();
    }

    /// <summary>
    /// Where a new key can go: enabled, not full, offering a protocol we can provision; least loaded first (it is
    /// preselected). The purchase flow and "move my key" offer the same list, the latter without the key's own server.
    /// </summary>
    public async Task<IReadOnlyList<ServerListing>> ListSellableAsync(long? exceptServerId, CancellationToken ct) =>
        (await ListEnabledAsync(ct))
            .Where(s => s.Id != exceptServerId && s.Load.Level != LoadLevel.Full && s.Protocols.Any(p => p != VpnProtocol.Ikev2))
            .OrderBy(s => s.Load.Percent ?? 0)
            .ToList();
}

public sealed record ServerListing(long Id, string Location, string? City, string CountryCode, IReadOnlyList<VpnProtocol> Protocols, ServerLoad Load);

public enum LoadLevel { Low, Medium, High, Full }

/// <summary>How busy a server is: the share of its user slots taken (no percentage when it has no cap).</summary>
public readonly record struct ServerLoad(int? Percent, LoadLevel Level)
{
    public static ServerLoad Of(int currentUsers, int maxUsers)
    {
        if (maxUsers <= 0) return new ServerLoad(null, LoadLevel.Low);
        if (currentUsers >= maxUsers) return new ServerLoad(100, LoadLevel.Full);
        var percent = (int)Math.Round(100.0 * Math.Max(0, currentUsers) / maxUsers, MidpointRounding.AwayFromZero);
        var level = percent switch
        {
            < 50 => LoadLevel.Low,
            < 80 => LoadLevel.Medium,
            _ => LoadLevel.High,
        };
        return new ServerLoad(Math.Min(percent, 99), level);
    }
}
