using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Vpn.Provisioning;

/// <summary>
/// Keeps Server.CurrentUsers equal to the server's active configs. The row is the hottest in a sales
/// burst: every purchase on a server touches it. Read-modify-write with xmin retries needed more than
/// eight rounds for a dozen concurrent purchases, and any update of it inside the purchase's durable
/// commit makes all purchases on the server wait for each other's disk flush. So the count is
/// recomputed after the config is committed, in one round trip with asynchronous commit: the row lock
/// lasts microseconds, and because it is a recount, not an increment, a write lost in a crash or
/// skipped by a crash in between is corrected by the next purchase or revoke on that server.
/// </summary>
internal static class ServerLoad
{
    public static Task RecountAsync(AppDbContext db, long serverId, CancellationToken ct) =>
        // Two statements in one command run as one implicit transaction, so set_config(..., true) covers the UPDATE.
        db.Database.ExecuteSqlInterpolatedAsync($"""
            SELECT set_config('synchronous_commit', 'off', true);
            UPDATE servers SET current_users = (SELECT count(*) FROM vpn_configs WHERE server_id = {serverId} AND is_active)
            WHERE id = {serverId}
            """, ct);
}
