using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;
using VpnBot.Core.Users;

namespace VpnBot.Core.Subscriptions;

public enum AdminExtensionStatus
{
    Extended,

    /// <summary>The expiry is no longer the one the operator saw (a second press, a payment in between): nothing changed.</summary>
    Stale,
    NotFound,
    InvalidDays,
}

public sealed record AdminExtension(AdminExtensionStatus Status, DateTimeOffset? ExpiresAt);

public sealed partial class SubscriptionService
{
    public const int MaxAdminExtensionDays = 365;

    /// <summary>
    /// An operator adds days, guarded by the expiry the operator was shown, so the same button pressed twice
    /// extends once. The new period, the task that moves the expiry on the VPN server and the audit row
    /// commit together.
    /// </summary>
    public async Task<AdminExtension> ExtendByAdminAsync(long actorTelegramId, long subscriptionId, int days, DateTimeOffset? shownExpiresAt, CancellationToken ct)
    {
        if (days is < 1 or > MaxAdminExtensionDays) return new AdminExtension(AdminExtensionStatus.InvalidDays, null);
        var (result, mirror, ownerId) = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var subscription = await db.LockSubscriptionAsync(subscriptionId, t);
            if (subscription is null) return (new AdminExtension(AdminExtensionStatus.NotFound, null), (MirrorQueued?)null, 0L);
            if (subscription.ExpiresAt?.ToUnixTimeSeconds() != shownExpiresAt?.ToUnixTimeSeconds())
                return (new AdminExtension(AdminExtensionStatus.Stale, subscription.ExpiresAt), null, 0L);
            var before = Snapshot(subscription);
            subscription.Extend(days, now);
            var queued = await BackendTaskQueue.EnqueueMirrorAsync(db, subscription, now, t);
            db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, "subscription-extend", "subscription",
                subscription.Id.ToString(CultureInfo.InvariantCulture), before, Snapshot(subscription, days), now));
            await db.SaveChangesAsync(t);
            return (new AdminExtension(AdminExtensionStatus.Extended, subscription.ExpiresAt), queued, subscription.UserId);
        }, ct);
        if (mirror?.Kind is not null) signal.Pulse();
        if (result.Status == AdminExtensionStatus.Extended)
        {
            log.LogInformation("Admin {Actor} extended subscription {SubscriptionId} by {Days} days to {ExpiresAt}", actorTelegramId, subscriptionId, days, result.ExpiresAt);
            // The customer sees the gift (a goodwill extension after an outage, say), not just a later date some day.
            await NotifySafelyAsync(ownerId, NoticeKeys.SubscriptionExtendedByAdmin, [subscriptionId, days, result.ExpiresAt!.Value.UtcDateTime], ct);
        }
        return result;
    }

    private static string Snapshot(Subscription s, int? days = null) =>
        JsonSerializer.Serialize(new { status = s.Status.ToString(), expiresAt = s.ExpiresAt, days });
}
