using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Servers;

namespace VpnBot.Core.Vpn.Provisioning;

/// <summary>Chooses a server for a subscription that has none yet: enabled, with room, least loaded.</summary>
internal static class ServerPicker
{
    public static async Task<Server?> LeastLoadedAsync(AppDbContext db, CancellationToken ct)
    {
        var servers = await db.Servers.Where(s => s.IsEnabled).ToListAsync(ct);
        return servers
            .Where(s => s.TakesNewUsers)
            .OrderBy(s => s.MaxUsers > 0 ? (double)s.CurrentUsers / s.MaxUsers : 0)
            .ThenBy(s => s.CurrentUsers)
            .ThenBy(s => s.Id)
            .FirstOrDefault();
    }
}
