using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Analytics;

public sealed record MoneyByCurrency(string Currency, decimal Amount, int Payments);

public sealed record PlanSales(string Plan, int Payments);

public sealed record ServerLoadLine(string Name, bool Enabled, int CurrentUsers, int MaxUsers, int? OnlineNow, decimal? TrafficGb);

/// <summary>What the operators ask about a period: who came, who paid, what it brought, what is running now.</summary>
public sealed record BusinessReport(
    int Days,
    int NewUsers,
    int Started,
    int ViewedPlans,
    int StartedPayment,
    int Paid,
    int TrialsStarted,
    IReadOnlyList<MoneyByCurrency> Revenue,
    IReadOnlyList<PlanSales> TopPlans,
    int ActiveNow,
    int ExpiringWithinWeek,
    int LapsedInPeriod,
    IReadOnlyDictionary<VpnProtocol, int> KeysByProtocol,
    IReadOnlyList<ServerLoadLine> Servers);

/// <summary>
/// Builds <see cref="BusinessReport"/> from the tables the service already keeps (users, user_activities,
/// payments, subscriptions, vpn_configs, servers, server_stats): the funnel counts distinct users, so one
/// customer pressing Buy ten times is one. Every count is one indexed query; nothing is cached.
/// </summary>
public sealed class BusinessReports(AppDbContext db, TimeProvider time)
{
    public const int TopPlansShown = 5;
    public const int ServersShown = 10;

    public async Task<BusinessReport> ForLastDaysAsync(int days, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var now = time.GetUtcNow();
        var from = now.AddDays(-days);
        var activity = db.UserActivities.AsNoTracking().Where(a => a.CreatedAt >= from);
        var paid = db.Payments.AsNoTracking().Where(p => p.Status == PaymentStatus.Completed && p.PaidAt >= from);

        var revenue = (await paid.GroupBy(p => p.Currency)
                .Select(g => new { Currency = g.Key, Amount = g.Sum(p => p.Amount), Payments = g.Count() })
                .ToListAsync(ct))
            .Select(r => new MoneyByCurrency(r.Currency, r.Amount, r.Payments)).ToList();
        var topPlans = (await paid.Where(p => p.Plan != null).GroupBy(p => p.Plan!.Name)
                .Select(g => new { Plan = g.Key, Payments = g.Count() })
                .OrderByDescending(p => p.Payments).ThenBy(p => p.Plan).Take(TopPlansShown)
                .ToListAsync(ct))
            .Select(p => new PlanSales(p.Plan, p.Payments)).ToList();
        var keys = await db.VpnConfigs.AsNoTracking()
            .Where(c => c.IsActive && c.Subscription!.Status == SubscriptionStatus.Active && c.Subscription.ExpiresAt > now)
            .GroupBy(c => c.Protocol).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        return new BusinessReport(
            days,
            NewUsers: await db.Users.CountAsync(u => u.CreatedAt >= from, ct),
            Started: await DistinctUsersAsync(activity, ActivityActions.Start, ct),
            ViewedPlans: await DistinctUsersAsync(activity, ActivityActions.PlansViewed, ct),
            StartedPayment: await DistinctUsersAsync(activity, ActivityActions.PaymentStarted, ct),
            Paid: await paid.Select(p => p.UserId).Distinct().CountAsync(ct),
            TrialsStarted: await activity.CountAsync(a => a.Action == ActivityActions.TrialStarted, ct),
            [.. revenue.OrderBy(r => r.Currency, StringComparer.Ordinal)],
            topPlans,
            ActiveNow: await db.Subscriptions.CountAsync(s => s.Status == SubscriptionStatus.Active && s.ExpiresAt > now, ct),
            ExpiringWithinWeek: await db.Subscriptions.CountAsync(s => s.Status == SubscriptionStatus.Active && s.ExpiresAt > now && s.ExpiresAt <= now.AddDays(7), ct),
            LapsedInPeriod: await db.Subscriptions.CountAsync(s => s.Status == SubscriptionStatus.Expired && s.ExpiresAt >= from && s.ExpiresAt <= now, ct),
            keys,
            await ServersAsync(ct));
    }

    private static Task<int> DistinctUsersAsync(IQueryable<UserActivity> activity, string action, CancellationToken ct) =>
        activity.Where(a => a.Action == action).Select(a => a.UserId).Distinct().CountAsync(ct);

    /// <summary>Each server's load now, with its latest usage collection (online clients, traffic on the counters).</summary>
    private async Task<IReadOnlyList<ServerLoadLine>> ServersAsync(CancellationToken ct) =>
        await db.Servers.AsNoTracking().OrderByDescending(s => s.IsEnabled).ThenBy(s => s.Name).Take(ServersShown)
            .Select(s => new ServerLoadLine(s.Name, s.IsEnabled, s.CurrentUsers, s.MaxUsers,
                db.ServerStats.Where(x => x.ServerId == s.Id).OrderByDescending(x => x.RecordedAt).Select(x => (int?)x.ActiveConnections).FirstOrDefault(),
                db.ServerStats.Where(x => x.ServerId == s.Id).OrderByDescending(x => x.RecordedAt).Select(x => (decimal?)x.TotalTrafficGb).FirstOrDefault()))
            .ToListAsync(ct);
}
