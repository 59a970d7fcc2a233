using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Subscriptions;

/// <summary>
/// Operators' plan switches, shared by the admin bot and the command line. An inactive plan is no longer
/// sold; subscriptions bought on it run on unchanged.
/// </summary>
public sealed class PlanAdministration(AppDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<SubscriptionPlan>> ListAsync(CancellationToken ct) =>
        await db.Plans.AsNoTracking().OrderBy(p => p.SortOrder).ThenBy(p => p.DurationDays).ThenBy(p => p.Id).ToListAsync(ct);

    /// <summary>A conditional UPDATE and its audit row in one transaction: a repeated press changes nothing.</summary>
    public Task<ToggleOutcome> SetActiveAsync(long actorTelegramId, long planId, bool active, CancellationToken ct) =>
        db.InTransactionAsync(async token =>
        {
            if (!await db.Plans.AnyAsync(p => p.Id == planId, token)) return ToggleOutcome.NotFound;
            var now = time.GetUtcNow();
            var changed = await db.Plans.Where(p => p.Id == planId && p.IsActive != active)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, active).SetProperty(p => p.UpdatedAt, now), token);
            if (changed == 0) return ToggleOutcome.AlreadyInState;
            db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, active ? "plan-enable" : "plan-disable", "plan",
                planId.ToString(CultureInfo.InvariantCulture), AdminAuditLog.Flag("active", !active), AdminAuditLog.Flag("active", active), now));
            await db.SaveChangesAsync(token);
            return ToggleOutcome.Changed;
        }, ct);
}
