using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Audit;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Payments;

public sealed partial class PaymentService
{
    /// <summary>Marks a payment the customer settled without a provider (a renewal from the balance) paid, inside the caller's transaction.</summary>
    internal Task<PaymentOutcome> CompletePaidAsync(Payment payment, DateTimeOffset now, CancellationToken ct) =>
        ActivateAsync(payment, null, approval: false, now, ct);

    /// <summary>After the commit of <see cref="CompletePaidAsync"/>: the key is queued, the customer told.</summary>
    internal Task AnnounceAsync(PaymentOutcome outcome, string source, CancellationToken ct) => AfterCommitAsync(outcome, source, ct);

    /// <summary>
    /// Takes the one "your renewal failed" notice of the subscription's current period (a conditional UPDATE, so
    /// retries and concurrent declines tell the customer once) and answers the plan to offer on its Pay button
    /// (0 when none), or null when the customer was already told about this period.
    /// </summary>
    private async Task<long?> ClaimRenewalFailureNoticeAsync(long subscriptionId, CancellationToken ct)
    {
        var claimed = await db.Subscriptions
            .Where(s => s.Id == subscriptionId && s.ExpiresAt != null
                && (s.RenewalFailureNoticeFor == null || s.RenewalFailureNoticeFor != s.ExpiresAt))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RenewalFailureNoticeFor, s => s.ExpiresAt), ct);
        if (claimed == 0) return null;
        return await db.Subscriptions.Where(s => s.Id == subscriptionId).Select(s => s.PlanId).SingleAsync(ct) ?? 0L;
    }

    /// <summary>
    /// The provider kept the card. It is stored, and the subscription switched to auto-renewal, only when the customer
    /// consented at this checkout; otherwise (the customer ticked "remember my card" on the provider's page, or a
    /// provider saved it on its own) it is not kept, and nothing will ever be charged with it. Renewal charges report
    /// the card they used as saved too: nothing changes for them.
    /// </summary>
    private void KeepCardIfConsented(Payment payment, User user, Subscription subscription, string savedPaymentMethodId, DateTimeOffset now)
    {
        if (payment.IsRenewal) return;
        if (payment.AutoRenewalConsentAt is not { } consentAt)
        {
            log.LogWarning("Payment {PaymentId}: the provider saved the card without the customer's consent at checkout; it is not kept", payment.Id);
            return;
        }
        user.SavePaymentMethod(savedPaymentMethodId, now);
        var wasOn = subscription.AutoRenewal;
        subscription.AutoRenewal = true;
        subscription.AutoRenewalConsentAt = consentAt;
        db.AuditLog.Add(AdminAuditLog.Of(user.TelegramId, "auto-renewal-consent", "subscription", subscription.Id.ToString(CultureInfo.InvariantCulture),
            AdminAuditLog.Flag("autoRenewal", wasOn),
            string.Create(CultureInfo.InvariantCulture, $"{{\"autoRenewal\":true,\"paymentId\":{payment.Id},\"consentAt\":\"{consentAt:O}\"}}"), now));
    }
}
