using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Vpn.Provisioning;

/// <summary>
/// Server.CurrentUsers is the hottest row in a sales burst: every purchase on a server touches it.
/// Read-modify-write with xmin retries needed more than eight rounds with a dozen concurrent
/// purchases, so the counter moves with one atomic UPDATE inside the caller's transaction instead.
/// It still bumps xmin, so other writers of the server row keep their optimistic-concurrency check.
/// </summary>
internal static class ServerLoad
{
    public static Task<int> ChangeAsync(AppDbContext db, long serverId, int delta, CancellationToken ct) =>
        db.Servers.Where(s => s.Id == serverId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.CurrentUsers, s => s.CurrentUsers + delta < 0 ? 0 : s.CurrentUsers + delta), ct);
}
