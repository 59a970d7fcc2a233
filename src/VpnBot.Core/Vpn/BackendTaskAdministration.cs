using System.Globalization;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Vpn;

/// <summary>An operator's nudge for a change stuck on its way to a VPN server: try it again now instead of at its next backoff.</summary>
public sealed class BackendTaskAdministration(AppDbContext db, BackendTaskSignal signal, TimeProvider time)
{
    public Task<BackendTask?> FindAsync(long taskId, CancellationToken ct) =>
        db.BackendTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct);

    /// <summary>False when the task is done (or gone): nothing to retry.</summary>
    public async Task<bool> RetryNowAsync(long actorTelegramId, long taskId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var changed = await db.InTransactionAsync(async t =>
        {
            var rows = await db.BackendTasks.Where(x => x.Id == taskId && x.CompletedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextAttemptAt, now), t);
            if (rows == 0) return false;
            db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, "backend-task-retry", "backend_task", taskId.ToString(CultureInfo.InvariantCulture), null, null, now));
            await db.SaveChangesAsync(t);
            return true;
        }, ct);
        if (changed) signal.Pulse();
        return changed;
    }
}
