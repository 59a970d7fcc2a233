using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VpnBot.Core.Data;
using VpnBot.Core.Vpn;

namespace VpnBot.Core.Analytics;

/// <summary>
/// The operators' first screen at a glance: users, active subscriptions, the last 30 days' revenue per currency,
/// and what needs a person (payments held for review, backend tasks failing long enough to have alerted).
/// </summary>
public sealed record DashboardSnapshot(
    int Users, int NewToday, int ActiveSubscriptions, IReadOnlyList<MoneyByCurrency> RevenueLast30Days, int PaymentsInReview, int StuckBackendTasks);

/// <summary>Builds <see cref="DashboardSnapshot"/>; every number is one query, nothing cached.</summary>
public sealed class AdminDashboard(AppDbContext db, TimeProvider time, IOptions<BackendTaskOptions> backendTasks)
{
    public async Task<DashboardSnapshot> NowAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var dayAgo = now.AddDays(-1);
        var monthAgo = now.AddDays(-30);
        var users = await db.Users.CountAsync(ct);
        var newToday = await db.Users.CountAsync(u => u.CreatedAt >= dayAgo, ct);
        var active = await db.Subscriptions.CountAsync(s => s.Status == SubscriptionStatus.Active && s.ExpiresAt > now, ct);
        var revenue = await db.Payments
            .Where(p => p.Status == PaymentStatus.Completed && p.PaidAt >= monthAgo)
            .GroupBy(p => p.Currency)
            .Select(g => new MoneyByCurrency(g.Key, g.Sum(p => p.Amount), g.Count()))
            .ToListAsync(ct);
        var reviews = await db.Payments.CountAsync(p => p.NeedsReview, ct);
        var stuck = await db.BackendTasks.CountAsync(t => t.CompletedAt == null && t.Attempts >= backendTasks.Value.AlertAfterAttempts, ct);
        return new DashboardSnapshot(users, newToday, active, [.. revenue.OrderBy(r => r.Currency, StringComparer.Ordinal)], reviews, stuck);
    }
}
