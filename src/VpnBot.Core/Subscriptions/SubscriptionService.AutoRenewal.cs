using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Subscriptions;

public sealed partial class SubscriptionService
{
    /// <summary>
    /// Turns auto-renewal on or off, for the customer. On needs a card saved with consent at a checkout (else
    /// <see cref="AutoRenewalStatus.NeedsSavedPaymentMethod"/>: the bot offers that checkout); pressing "on" is the
    /// customer's consent for this subscription and is recorded. Off forgets the saved card unless another of the
    /// customer's subscriptions still renews with it. Both are written to the audit log with the customer as the
    /// actor; a repeated or stale press changes nothing and writes nothing.
    /// </summary>
    public async Task<AutoRenewalStatus> SetAutoRenewalAsync(long userId, long subscriptionId, bool enabled, CancellationToken ct) =>
        await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var user = await db.LockUserAsync(userId, t) ?? throw new SubscriptionNotFoundException($"User {userId} not found.");
            var subscription = await db.LockSubscriptionAsync(subscriptionId, t);
            if (subscription is null || subscription.UserId != userId) throw new SubscriptionNotFoundException(subscriptionId);
            if (enabled && user.SavedPaymentMethodId is null) return AutoRenewalStatus.NeedsSavedPaymentMethod;
            var status = enabled ? AutoRenewalStatus.Enabled : AutoRenewalStatus.Disabled;
            var forget = !enabled && user.SavedPaymentMethodId is not null
                && !await db.Subscriptions.AnyAsync(s => s.UserId == userId && s.Id != subscriptionId && s.AutoRenewal, t);
            if (subscription.AutoRenewal == enabled && !forget) return status;

            subscription.AutoRenewal = enabled;
            subscription.AutoRenewalConsentAt = enabled ? now : null;
            subscription.UpdatedAt = now;
            if (forget) user.ForgetPaymentMethod(now);
            db.AuditLog.Add(AdminAuditLog.Of(user.TelegramId, enabled ? "auto-renewal-on" : "auto-renewal-off", "subscription",
                subscription.Id.ToString(CultureInfo.InvariantCulture), AdminAuditLog.Flag("autoRenewal", !enabled),
                enabled ? AdminAuditLog.Flag("autoRenewal", true) : $"{{\"autoRenewal\":false,\"cardForgotten\":{(forget ? "true" : "false")}}}", now));
            await db.SaveChangesAsync(t);
            log.LogInformation("User {UserId} switched auto-renewal of subscription {SubscriptionId} {State}{Forgotten}",
                userId, subscriptionId, enabled ? "on" : "off", forget ? "; the saved card is forgotten" : "");
            return status;
        }, ct);
}
