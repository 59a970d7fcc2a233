using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;
using VpnBot.Core.Users;

namespace VpnBot.Core.Payments;

public sealed partial class PaymentService
{
    /// <summary>
    /// Admin refund: returns the money through the provider (YooKassa refund, Stars refundStarPayment), then
    /// takes the period back and disables the config. Crypto Pay has no refund API: pay back by hand and call
    /// <see cref="RecordManualRefundAsync"/>.
    /// </summary>
    /// <exception cref="PaymentException">The provider refused or cannot refund.</exception>
    public async Task<PaymentOutcome> RefundAsync(long paymentId, string reason, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking().Include(p => p.User).Include(p => p.Plan).SingleOrDefaultAsync(p => p.Id == paymentId, ct);
        if (payment?.User is null) return new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, paymentId, "no such payment");
        if (payment.Refusal(PaymentMove.Refund) is { } refusal)
            return new PaymentOutcome(refusal.Kind, paymentId, refusal.Reason) { UserId = payment.UserId };
        // Paid wholly from the balance: "the original method" is the balance.
        if (payment.PaymentMethod == PaymentMethods.Balance)
            return await RefundToBalanceAsync(paymentId, payment.FromBalance, null, reason, ct);
        var gateway = Gateway(payment.PaymentMethod);
        if (gateway is not { IsConfigured: true })
            throw new PaymentException(PaymentError.NotRefundable, $"{payment.PaymentMethod} is not configured.");
        // A gift's code stops before the money goes back; an activated gift is not refunded.
        if (payment.Purpose == PaymentPurpose.Gift && !await gifts.HoldForRefundAsync(paymentId, ct))
            return new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, "the gift was already activated") { UserId = payment.UserId };

        GatewayRefund refund;
        try
        {
            refund = await gateway.RefundAsync(payment, payment.User, ct);
        }
        catch (NotSupportedException e)
        {
            if (payment.Purpose == PaymentPurpose.Gift) await gifts.ReleaseRefundHoldAsync(paymentId, CancellationToken.None);
            throw new PaymentException(PaymentError.NotRefundable, $"{gateway.Name} cannot refund automatically; refund by hand and record it.", e);
        }
        catch (PaymentGatewayException e)
        {
            if (payment.Purpose == PaymentPurpose.Gift) await gifts.ReleaseRefundHoldAsync(paymentId, CancellationToken.None);
            throw new PaymentException(PaymentError.ProviderFailed, $"{gateway.Name} refused the refund ({e.ErrorCode ?? e.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture)}).", e);
        }
        log.LogInformation("Payment {PaymentId}: refund {RefundId} requested at {Provider} ({Reason}), finished={Succeeded}",
            paymentId, refund.ExternalRefundId, gateway.Name, reason, refund.Succeeded);
        if (!refund.Succeeded)
            return new PaymentOutcome(PaymentOutcomeKind.RefundPending, paymentId, "the provider is processing the refund") { UserId = payment.UserId };
        return await ApplyRefundAsync(new RefundConfirmation(payment.PaymentMethod,
            PaymentEventKeys.Refund(refund.ExternalRefundId ?? "payment-" + paymentId), payment.ExternalPaymentId, paymentId, payment.Amount, reason), ct);
    }

    /// <summary>Records a refund made outside the bot (e.g. crypto sent back by hand).</summary>
    public async Task<PaymentOutcome> RecordManualRefundAsync(long paymentId, string reason, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, ct);
        if (payment is null) return new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, paymentId, "no such payment");
        if (payment.Purpose == PaymentPurpose.Gift && payment.Refusal(PaymentMove.Refund) is null && !await gifts.HoldForRefundAsync(paymentId, ct))
            return new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, "the gift was already activated") { UserId = payment.UserId };
        return await ApplyRefundAsync(new RefundConfirmation(payment.PaymentMethod, PaymentEventKeys.Refund("manual-" + paymentId),
            payment.ExternalPaymentId, paymentId, payment.Amount, reason), ct);
    }

    /// <summary>
    /// A finished refund (the provider's refund.succeeded, or one of ours): the payment becomes Refunded, the
    /// plan's days are taken back (the subscription ends when nothing is left) and the server is told. A partial
    /// refund is flagged for an admin instead of guessing how many days it is worth.
    /// </summary>
    public async Task<PaymentOutcome> ApplyRefundAsync(RefundConfirmation refund, CancellationToken ct)
    {
        var r = refund;
        var outcome = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var opening = await OpenEventAsync(new PaymentEvent(r.Provider, r.EventKey, r.ExternalId, r.PaymentId), PaymentMove.Refund, now, t);
            if (opening.Answer is { } answer) return answer;
            var payment = opening.Payment!;
            if (r.Amount < payment.Amount)
                return await HoldAsync(payment, $"partial refund of {r.Amount} {payment.Currency} out of {payment.Amount}: period left unchanged", now, t);

            if (payment.Purpose == PaymentPurpose.Gift && !await gifts.RefundedAsync(payment.Id, now, t))
                return await HoldAsync(payment, "refunded by the provider, but the gift was already activated: decide by hand", now, t);
            // The customer's own rows first (user, then subscription), then the inviter's reward: a purchase locks the
            // customer before it rewards the inviter, so the same order here cannot deadlock against it.
            await TakeBackAsync(payment, now, t);
            await referralRewards.ReverseAsync(payment.Id, now, t);
            // A refunded purchase gives its promo code's use back.
            await promoCodes.ReleaseAsync(payment, t);
            await SettleBalanceOnRefundAsync(payment, now, t);
            await db.SaveChangesAsync(t);
            return new PaymentOutcome(PaymentOutcomeKind.Refunded, payment.Id, r.Reason)
            {
                UserId = payment.UserId,
                SubscriptionId = payment.SubscriptionId,
            };
        }, ct);

        if (outcome.Kind == PaymentOutcomeKind.Refunded)
        {
            log.LogInformation("Payment {PaymentId} refunded: {Reason}", outcome.PaymentId, r.Reason);
            signal.Pulse();
            await NotifySafelyAsync(() => notifier.NoticeAsync(outcome.UserId!.Value, NoticeKeys.PaymentRefunded, [outcome.PaymentId!.Value], ct),
                outcome.UserId, NoticeKeys.PaymentRefunded);
        }
        else if (outcome.Kind == PaymentOutcomeKind.NeedsReview)
        {
            log.LogWarning("Payment {PaymentId} needs an admin's review: {Reason}", outcome.PaymentId, outcome.Reason);
            await AlertReviewAsync(outcome.PaymentId!.Value, ct);
        }
        return outcome;
    }
}
