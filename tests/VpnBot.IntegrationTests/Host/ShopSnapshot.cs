using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.IntegrationTests.Infrastructure;

namespace VpnBot.IntegrationTests.Host;

/// <summary>
/// The rows a stranger must never be able to change, as comparable lines: everything that belongs to users who
/// did not send an update, plus the guarded facts (role, ban, completed payments, audit) of everybody.
/// </summary>
public sealed record ShopSnapshot(
    IReadOnlyList<string> OthersRows, IReadOnlyList<string> Audit, IReadOnlyList<long> UserTelegramIds, IReadOnlyList<string> SendersGuarded,
    IReadOnlyList<long> ActivityTelegramIds)
{
    public static async Task<ShopSnapshot> TakeAsync(TestHost host, IReadOnlySet<long> senders)
    {
        await using var db = host.Db();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync();
        var telegramOf = users.ToDictionary(u => u.Id, u => u.TelegramId);
        bool Other(long userId) => !senders.Contains(telegramOf[userId]);

        var others = new List<string>();
        others.AddRange(users.Where(u => Other(u.Id)).Select(u => $"user {u.TelegramId} {u.Role} banned={u.IsBanned} trial={u.TrialUsed}"));
        var subscriptions = await db.Subscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        others.AddRange(subscriptions.Where(s => Other(s.UserId))
            .Select(s => $"sub {s.Id} {s.UserId} {s.Status} {s.ExpiresAt:O} srv={s.ServerId} plan={s.PlanId} ar={s.AutoRenewal} v={s.Version}"));
        var configs = await db.VpnConfigs.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        var subscriptionOwner = subscriptions.ToDictionary(s => s.Id, s => s.UserId);
        others.AddRange(configs.Where(c => Other(subscriptionOwner[c.SubscriptionId]))
            .Select(c => $"cfg {c.Id} {c.SubscriptionId} {c.ServerId} {c.Protocol} active={c.IsActive} revoked={c.RevokedAt:O} {c.ExternalName} {c.UpdatedAt:O}"));
        var payments = await db.Payments.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        others.AddRange(payments.Where(p => Other(p.UserId))
            .Select(p => $"pay {p.Id} {p.UserId} {p.Status} {p.Amount} {p.Currency} {p.ExternalPaymentId} sub={p.SubscriptionId} paid={p.PaidAt:O} review={p.NeedsReview} v={p.Version}"));
        others.AddRange((await db.Servers.AsNoTracking().OrderBy(s => s.Id).ToListAsync()).Select(s => $"server {s.Id} enabled={s.IsEnabled}"));
        others.AddRange((await db.Plans.AsNoTracking().OrderBy(p => p.Id).ToListAsync()).Select(p => $"plan {p.Id} active={p.IsActive}"));

        var senderGuarded = new List<string>();
        senderGuarded.AddRange(users.Where(u => !Other(u.Id) && (u.Role != UserRole.Client || u.IsBanned)).Select(u => $"user {u.TelegramId} {u.Role} banned={u.IsBanned}"));
        senderGuarded.AddRange(payments.Where(p => !Other(p.UserId) && p.Status != PaymentStatus.Pending).Select(p => $"pay {p.Id} {p.Status}"));
        senderGuarded.AddRange(subscriptions.Where(s => !Other(s.UserId) && !s.IsTrial).Select(s => $"paid sub {s.Id} {s.Status}"));

        var audit = (await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).ToListAsync()).Select(a => $"{a.Id} {a.ActorTelegramId} {a.Action} {a.TargetId}").ToList();
        var activityUsers = await db.UserActivities.AsNoTracking().Select(a => a.UserId).Distinct().ToListAsync();
        return new ShopSnapshot(others, audit, users.Select(u => u.TelegramId).ToList(), senderGuarded, activityUsers.Select(id => telegramOf[id]).Order().ToList());
    }

    public void AssertOnlySendersChanged(ShopSnapshot after, IReadOnlySet<long> senders)
    {
        Assert.Equal(OthersRows, after.OthersRows);
        Assert.Equal(Audit, after.Audit);
        Assert.Empty(after.SendersGuarded);
        Assert.All(after.UserTelegramIds.Except(UserTelegramIds), id => Assert.Contains(id, senders));
        Assert.All(after.ActivityTelegramIds.Except(ActivityTelegramIds), id => Assert.Contains(id, senders));
    }
}
