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
            var opening = await OpenEventAsync(new PaymentEvent(c.Provider, c.EventKey, c.ExternalId, c.PaymentId), PaymentMove.Complete, now, t);
            if (opening.Answer is { } answer) return answer;
            var payment = opening.Payment!;

            payment.LearnExternalId(c.ExternalId);
            var paid = new Money(c.PaidAmount, c.PaidCurrency);
            if (!payment.IsWhatWasOffered(paid))
                return await HoldAsync(payment, $"paid {paid}, offered {new Money(payment.Amount, payment.Currency)}", now, t);
            return await ActivateAsync(payment, c.SavedPaymentMethodId, approval: false, now, t);
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
            var opening = await OpenEventAsync(new PaymentEvent(provider, eventKey, externalId, paymentId), PaymentMove.Fail, now, t);
            if (opening.Answer is { } answer) return (answer, (long?)null);
            var payment = opening.Payment!;
            payment.LearnExternalId(externalId);
            payment.Fail(now);
            await promoCodes.ReleaseAsync(payment, t);
            await db.SaveChangesAsync(t);
            return (new PaymentOutcome(PaymentOutcomeKind.Failed, payment.Id, reason) { UserId = payment.UserId, SubscriptionId = payment.SubscriptionId },
                payment.IsRenewal ? payment.SubscriptionId : null);
        }, ct);

        if (outcome.Kind == PaymentOutcomeKind.Failed)
        {
            log.LogInformation("Payment {PaymentId} at {Provider} failed: {Reason}", outcome.PaymentId, provider, reason);
            // Told once per period: a declined charge is retried (RenewalService), and each retry can fail again.
            if (renewalOf is not null && await ClaimRenewalFailureNoticeAsync(renewalOf.Value, ct) is { } planId)
                await NotifySafelyAsync(() => notifier.NoticeAsync(outcome.UserId!.Value, NoticeKeys.RenewalFailed, [renewalOf.Value, reason, planId], ct),
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
            var opening = await OpenAsync(paymentId, PaymentMove.Abandon, t);
            if (opening.Answer is not null) return false;
            var payment = opening.Payment!;
            payment.Abandon(time.GetUtcNow());
            await promoCodes.ReleaseAsync(payment, t);
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
            var opening = await OpenAsync(paymentId, PaymentMove.DismissReview, t);
            if (opening.Answer is { } answer) return answer;
            var payment = opening.Payment!;
            log.LogInformation("Review of payment {PaymentId} dismissed ({Reason})", paymentId, payment.ReviewReason);
            payment.DismissReview(time.GetUtcNow());
            await db.SaveChangesAsync(t);
            return new PaymentOutcome(PaymentOutcomeKind.ReviewDismissed, paymentId, "review dismissed") { UserId = payment.UserId };
        }, ct);

    /// <summary>Admin decision on a payment flagged for review: activate it as if the offered amount had been paid.</summary>
    public async Task<PaymentOutcome> ApproveReviewAsync(long paymentId, CancellationToken ct)
    {
        var outcome = await db.InTransactionAsync(async t =>
        {
            var opening = await OpenAsync(paymentId, PaymentMove.ApproveReview, t);
            if (opening.Answer is { } answer) return answer;
            var payment = opening.Payment!;
            log.LogInformation("Payment {PaymentId} approved after review ({Reason})", paymentId, payment.ReviewReason);
            return await ActivateAsync(payment, null, approval: true, time.GetUtcNow(), t);
        }, ct);
        await AfterCommitAsync(outcome, "admin", ct);
        return outcome;
    }

    /// <summary>
    /// Marks the locked payment paid (<paramref name="approval"/>: by an admin, after review) and adds its plan's
    /// period to the subscription, inside the caller's transaction.
    /// </summary>
    private async Task<PaymentOutcome> ActivateAsync(Payment payment, string? savedPaymentMethodId, bool approval, DateTimeOffset now, CancellationToken ct)
    {
        var user = await db.LockUserAsync(payment.UserId, ct)
            ?? throw new InvalidOperationException($"Payment {payment.Id} has no user.");
        if (payment.Purpose == PaymentPurpose.TopUp) return await CreditTopUpAsync(payment, approval, now, ct);
        var plan = payment.PlanId is { } planId ? await db.Plans.SingleOrDefaultAsync(p => p.Id == planId, ct) : null;
        if (plan is null || plan.DurationDays <= 0) return await HoldAsync(payment, "paid, but the plan no longer exists", now, ct);
        if (!await PostBalancePartAsync(payment, ct))
            return await HoldAsync(payment, $"paid, but the balance no longer covers the {payment.FromBalance} RUB it was to pay", now, ct);
        if (payment.Purpose == PaymentPurpose.Gift) return await IssueGiftAsync(payment, plan, approval, now, ct);

        // The offer is honoured even if the plan was withdrawn after the customer started paying.
        var (subscription, mirror) = await subscriptions.ApplyPeriodAsync(user, plan, plan.DurationDays + payment.BonusDays, payment.SubscriptionId, now, ct, payment.ServerId);
        if (approval) payment.ApproveReview(subscription.Id, now);
        else payment.Complete(subscription.Id, now);
        await promoCodes.ConfirmAsync(payment, ct);
        if (savedPaymentMethodId is not null) KeepCardIfConsented(payment, user, subscription, savedPaymentMethodId, now);
        await db.SaveChangesAsync(ct);
        var reward = await referralRewards.GrantAsync(payment, now, ct);
        return new PaymentOutcome(PaymentOutcomeKind.Completed, payment.Id, $"subscription {subscription.Id} until {subscription.ExpiresAt:O}")
        {
            UserId = payment.UserId,
            SubscriptionId = subscription.Id,
            ConfigPending = mirror.ConfigPending,
            ReferralRewardId = reward?.Id,
        };
    }

    /// <summary>A gift payment: the gift (with its one-time code) is made instead of a period for the buyer, in this transaction.</summary>
    private async Task<PaymentOutcome> IssueGiftAsync(Payment payment, Subscriptions.SubscriptionPlan plan, bool approval, DateTimeOffset now, CancellationToken ct)
    {
        if (approval) payment.ApproveReview(null, now);
        else payment.Complete(null, now);
        await db.SaveChangesAsync(ct);
        var gift = await gifts.IssueAsync(payment, plan, now, ct);
        var reward = await referralRewards.GrantAsync(payment, now, ct);
        return new PaymentOutcome(PaymentOutcomeKind.Completed, payment.Id, $"gift {gift.Id}")
        {
            UserId = payment.UserId,
            ReferralRewardId = reward?.Id,
        };
    }

    /// <summary>Holds the locked payment for an admin and saves it, inside the caller's transaction.</summary>
    private async Task<PaymentOutcome> HoldAsync(Payment payment, string reason, DateTimeOffset now, CancellationToken ct)
    {
        payment.HoldForReview(reason, now);
        await db.SaveChangesAsync(ct);
        return new PaymentOutcome(PaymentOutcomeKind.NeedsReview, payment.Id, payment.ReviewReason!) { UserId = payment.UserId };
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
                await referralRewards.NotifyGrantedAsync(outcome.ReferralRewardId, ct);
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
    internal static bool IsWhatWasOffered(Payment payment, Money paid) => payment.IsWhatWasOffered(paid);
}
