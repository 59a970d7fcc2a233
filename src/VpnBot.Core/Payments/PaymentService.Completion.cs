using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;
using VpnBot.Core.Users;

namespace VpnBot.Core.Payments;

public sealed partial class PaymentService
{
    /// <summary>
    /// The customer paid. Exactly once: the first caller for an event extends the subscription and queues
    /// provisioning; every repeat (same event, or another event for an already completed payment) changes nothing.
    /// A paid amount or currency that differs from the offer flags the payment for review instead of activating it.
    /// </summary>
    public async Task<PaymentOutcome> CompleteAsync(PaymentConfirmation confirmation, CancellationToken ct)
    {
        var c = confirmation;
        var outcome = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var payment = await LockForEventAsync(c.Provider, c.ExternalId, c.PaymentId, t);
            if (payment is null)
                return new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, c.PaymentId, $"no payment of ours matches {c.Provider} {c.ExternalId}");
            if (!await RecordEventAsync(c.Provider, c.EventKey, now, t))
                return new PaymentOutcome(PaymentOutcomeKind.Duplicate, payment.Id, "event already processed") { UserId = payment.UserId };
            if (payment.Status is PaymentStatus.Completed or PaymentStatus.Refunded)
                return new PaymentOutcome(PaymentOutcomeKind.Duplicate, payment.Id, $"payment already {payment.Status}") { UserId = payment.UserId };
            if (payment.NeedsReview)
                return new PaymentOutcome(PaymentOutcomeKind.Duplicate, payment.Id, "already waiting for review") { UserId = payment.UserId };

            payment.ExternalPaymentId ??= c.ExternalId;
            var paid = new Money(c.PaidAmount, c.PaidCurrency);
            if (!IsWhatWasOffered(payment, paid))
            {
                FlagForReview(payment, $"paid {paid}, offered {new Money(payment.Amount, payment.Currency)}", now);
                await db.SaveChangesAsync(t);
                return new PaymentOutcome(PaymentOutcomeKind.NeedsReview, payment.Id, payment.ReviewReason!) { UserId = payment.UserId };
            }
            return await ActivateAsync(payment, c.SavedPaymentMethodId, now, t);
        }, ct);

        await AfterCommitAsync(outcome, c.Provider, ct);
        return outcome;
    }

    /// <summary>The provider says the payment will not happen (canceled, expired, declined).</summary>
    public async Task<PaymentOutcome> FailAsync(string provider, string eventKey, string? externalId, long? paymentId, string reason, CancellationToken ct)
    {
        var (outcome, renewalOf) = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var payment = await LockForEventAsync(provider, externalId, paymentId, t);
            if (payment is null)
                return (new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, paymentId, $"no payment of ours matches {provider} {externalId}"), (long?)null);
            if (!await RecordEventAsync(provider, eventKey, now, t))
                return (new PaymentOutcome(PaymentOutcomeKind.Duplicate, payment.Id, "event already processed") { UserId = payment.UserId }, null);
            if (payment.Status != PaymentStatus.Pending)
                return (new PaymentOutcome(PaymentOutcomeKind.Ignored, payment.Id, $"payment is {payment.Status}") { UserId = payment.UserId }, null);
            payment.ExternalPaymentId ??= externalId;
            payment.Status = PaymentStatus.Failed;
            payment.UpdatedAt = now;
            await db.SaveChangesAsync(t);
            return (new PaymentOutcome(PaymentOutcomeKind.Failed, payment.Id, reason) { UserId = payment.UserId, SubscriptionId = payment.SubscriptionId },
                payment.IsRenewal ? payment.SubscriptionId : null);
        }, ct);

        if (outcome.Kind == PaymentOutcomeKind.Failed)
        {
            log.LogInformation("Payment {PaymentId} at {Provider} failed: {Reason}", outcome.PaymentId, provider, reason);
            if (renewalOf is not null)
                await NotifySafelyAsync(() => notifier.NoticeAsync(outcome.UserId!.Value, NoticeKeys.RenewalFailed, [renewalOf.Value, reason], ct),
                    outcome.UserId, NoticeKeys.RenewalFailed);
        }
        return outcome;
    }

    /// <summary>
    /// Gives up a payment that never happened (still pending long after it was opened): failed, quietly, for the
    /// payment history and the dashboard. A late payment still completes it (see <see cref="CompleteAsync"/>).
    /// </summary>
    public async Task<bool> AbandonAsync(long paymentId, CancellationToken ct) =>
        await db.InTransactionAsync(async t =>
        {
            var payment = await db.LockPaymentAsync(paymentId, t);
            if (payment is not { Status: PaymentStatus.Pending, NeedsReview: false }) return false;
            payment.Status = PaymentStatus.Failed;
            payment.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(t);
            log.LogInformation("Payment {PaymentId} abandoned: still pending {Age} after it was opened", paymentId, payment.UpdatedAt - payment.CreatedAt);
            return true;
        }, ct);

    /// <summary>
    /// Admin decision on a completed payment flagged for review (a partial refund, a refund whose plan is gone):
    /// the admin has dealt with it (or decided nothing is owed), so the flag goes. A held, unpaid-out payment
    /// cannot be dismissed: it is approved or refunded, so the customer's money is never left in limbo.
    /// </summary>
    public async Task<PaymentOutcome> DismissReviewAsync(long paymentId, CancellationToken ct) =>
        await db.InTransactionAsync(async t =>
        {
            var payment = await db.LockPaymentAsync(paymentId, t);
            if (payment is null) return new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, paymentId, "no such payment");
            if (!payment.NeedsReview || payment.Status == PaymentStatus.Pending)
                return new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, $"payment is {payment.Status}, review={payment.NeedsReview}") { UserId = payment.UserId };
            log.LogInformation("Review of payment {PaymentId} dismissed ({Reason})", paymentId, payment.ReviewReason);
            payment.NeedsReview = false;
            payment.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(t);
            return new PaymentOutcome(PaymentOutcomeKind.ReviewDismissed, paymentId, "review dismissed") { UserId = payment.UserId };
        }, ct);

    /// <summary>Admin decision on a payment flagged for review: activate it as if the offered amount had been paid.</summary>
    public async Task<PaymentOutcome> ApproveReviewAsync(long paymentId, CancellationToken ct)
    {
        var outcome = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var payment = await db.LockPaymentAsync(paymentId, t);
            if (payment is null) return new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, paymentId, "no such payment");
            if (payment.Status != PaymentStatus.Pending || !payment.NeedsReview)
                return new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, $"payment is {payment.Status}, review={payment.NeedsReview}") { UserId = payment.UserId };
            log.LogInformation("Payment {PaymentId} approved after review ({Reason})", paymentId, payment.ReviewReason);
            payment.NeedsReview = false;
            return await ActivateAsync(payment, null, now, t);
        }, ct);
        await AfterCommitAsync(outcome, "admin", ct);
        return outcome;
    }

    /// <summary>Marks the locked payment paid and adds its plan's period to the subscription, inside the caller's transaction.</summary>
    private async Task<PaymentOutcome> ActivateAsync(Payment payment, string? savedPaymentMethodId, DateTimeOffset now, CancellationToken ct)
    {
        var user = await db.LockUserAsync(payment.UserId, ct)
            ?? throw new InvalidOperationException($"Payment {payment.Id} has no user.");
        var plan = payment.PlanId is { } planId ? await db.Plans.SingleOrDefaultAsync(p => p.Id == planId, ct) : null;
        if (plan is null || plan.DurationDays <= 0)
        {
            FlagForReview(payment, "paid, but the plan no longer exists", now);
            await db.SaveChangesAsync(ct);
            return new PaymentOutcome(PaymentOutcomeKind.NeedsReview, payment.Id, payment.ReviewReason!) { UserId = payment.UserId };
        }

        // The offer is honoured even if the plan was withdrawn after the customer started paying.
        var (subscription, mirror) = await subscriptions.ApplyPeriodAsync(user, plan, plan.DurationDays, payment.SubscriptionId, now, ct, payment.ServerId);
        payment.Status = PaymentStatus.Completed;
        payment.PaidAt = now;
        payment.SubscriptionId = subscription.Id;
        payment.UpdatedAt = now;
        if (savedPaymentMethodId is not null)
        {
            user.SavedPaymentMethodId = savedPaymentMethodId;
            user.UpdatedAt = now;
            subscription.AutoRenewal = true;
        }
        await db.SaveChangesAsync(ct);
        return new PaymentOutcome(PaymentOutcomeKind.Completed, payment.Id, $"subscription {subscription.Id} until {subscription.ExpiresAt:O}")
        {
            UserId = payment.UserId,
            SubscriptionId = subscription.Id,
            ConfigPending = mirror.ConfigPending,
        };
    }

    private async Task AfterCommitAsync(PaymentOutcome outcome, string source, CancellationToken ct)
    {
        switch (outcome.Kind)
        {
            case PaymentOutcomeKind.Completed:
                log.LogInformation("Payment {PaymentId} completed via {Source}: {Reason}", outcome.PaymentId, source, outcome.Reason);
                signal.Pulse();
                await NotifySafelyAsync(() => notifier.PaymentCompletedAsync(outcome.PaymentId!.Value, outcome.ConfigPending, ct),
                    outcome.UserId, "payment completed");
                break;
            case PaymentOutcomeKind.NeedsReview:
                log.LogWarning("Payment {PaymentId} via {Source} needs an admin's review: {Reason}", outcome.PaymentId, source, outcome.Reason);
                await NotifySafelyAsync(() => notifier.NoticeAsync(outcome.UserId!.Value, NoticeKeys.PaymentNeedsReview, [outcome.PaymentId!.Value], ct),
                    outcome.UserId, NoticeKeys.PaymentNeedsReview);
                await AlertReviewAsync(outcome.PaymentId!.Value, ct);
                break;
            case PaymentOutcomeKind.Duplicate:
                log.LogInformation("Payment {PaymentId} via {Source}: repeat ignored ({Reason})", outcome.PaymentId, source, outcome.Reason);
                break;
            case PaymentOutcomeKind.UnknownPayment:
                log.LogWarning("Payment event via {Source} rejected: {Reason} (our id {PaymentId})", source, outcome.Reason, outcome.PaymentId);
                break;
        }
    }

    /// <summary>Exactly the offered amount in the offered currency (decimal equality ignores scale: 299.00 == 299).</summary>
    internal static bool IsWhatWasOffered(Payment payment, Money paid) =>
        paid.Amount == payment.Amount
        && string.Equals(payment.Currency, paid.Currency?.Trim(), StringComparison.OrdinalIgnoreCase);
}
