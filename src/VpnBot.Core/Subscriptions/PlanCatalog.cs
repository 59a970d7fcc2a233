using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Subscriptions;

/// <summary>The plans customers see: those on sale, in the operators' order, and any plan a subscription names.</summary>
public sealed class PlanCatalog(AppDbContext db)
{
    public async Task<IReadOnlyList<SubscriptionPlan>> OnSaleAsync(CancellationToken ct) =>
        await db.Plans.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.SortOrder).ThenBy(p => p.DurationDays).ToListAsync(ct);

    /// <summary>The plan if it is still on sale: a button may be older than the catalog.</summary>
    public Task<SubscriptionPlan?> OnSaleAsync(long planId, CancellationToken ct) =>
        db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId && p.IsActive, ct);

    /// <summary>Any plan, on sale or withdrawn since (what a subscription was bought as).</summary>
    public Task<SubscriptionPlan?> FindAsync(long planId, CancellationToken ct) =>
        db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, ct);
}
