using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;

namespace VpnBot.Payments.Stars;

public sealed record PreCheckoutResult(bool Ok, string? ErrorKey)
{
    public static readonly PreCheckoutResult Accept = new(true, null);
}

/// <summary>User-facing error keys for answerPreCheckoutQuery(ok: false, error_message); the bot owns the texts.</summary>
public static class StarsErrorKeys
{
    public const string UnknownOrder = "payment.unknown_order";
    public const string AlreadyPaid = "payment.already_paid";
    public const string PlanUnavailable = "payment.plan_unavailable";
    public const string PriceChanged = "payment.price_changed";
}

/// <summary>
/// The client bot's Stars updates. pre_checkout_query must be answered within 10 seconds, so validation is
/// one indexed read; successful_payment completes the payment exactly once (keyed by telegram_payment_charge_id).
/// </summary>
public sealed class StarsPaymentHandler(AppDbContext db, PaymentService payments, ILogger<StarsPaymentHandler> log)
{
    /// <summary>Re-checks the order before Telegram takes the Stars: it is ours, still open, for this user, at the price offered.</summary>
    public async Task<PreCheckoutResult> ValidatePreCheckoutAsync(string payload, string currency, int totalAmount, long userTelegramId, CancellationToken ct)
    {
        var result = await ValidateCoreAsync(payload, currency, totalAmount, userTelegramId, ct);
        if (!result.Ok)
            log.LogWarning("Stars pre-checkout rejected for {Payload} from {TelegramId} ({Amount} {Currency}): {Error}",
                payload, userTelegramId, totalAmount, currency, result.ErrorKey);
        return result;
    }

    /// <summary>successful_payment: Telegram has taken the Stars; record it and extend the subscription.</summary>
    public async Task<PaymentOutcome> CompleteAsync(string payload, string currency, int totalAmount, string telegramPaymentChargeId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(telegramPaymentChargeId);
        var paymentId = StarsPayload.PaymentId(payload);
        if (paymentId is null)
        {
            // The customer's Stars are gone but the order is not ours: an admin must refund by the charge id.
            log.LogError("Stars payment {ChargeId} ({Amount} {Currency}) has an unknown payload {Payload}; refund it by hand",
                telegramPaymentChargeId, totalAmount, currency, payload);
            return new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, null, "unknown invoice payload");
        }
        var outcome = await payments.CompleteAsync(new PaymentConfirmation(PaymentMethods.Stars, PaymentEventKeys.Paid(telegramPaymentChargeId),
            telegramPaymentChargeId, paymentId, totalAmount, currency), ct);
        if (outcome.Kind == PaymentOutcomeKind.UnknownPayment)
            log.LogError("Stars payment {ChargeId} for order {PaymentId} could not be matched ({Reason}); refund it by hand",
                telegramPaymentChargeId, paymentId, outcome.Reason);
        return outcome;
    }

    private async Task<PreCheckoutResult> ValidateCoreAsync(string payload, string currency, int totalAmount, long userTelegramId, CancellationToken ct)
    {
        var paymentId = StarsPayload.PaymentId(payload);
        if (paymentId is null) return new PreCheckoutResult(false, StarsErrorKeys.UnknownOrder);
        var order = await db.Payments.AsNoTracking()
            .Where(p => p.Id == paymentId && p.PaymentMethod == PaymentMethods.Stars)
            .Select(p => new
            {
                p.Status,
                p.Amount,
                p.Currency,
                p.Discount,
                TelegramId = p.User!.TelegramId,
                PlanActive = p.Plan != null && p.Plan.IsActive,
                PlanStars = p.Plan != null ? p.Plan.PriceStars : null,
            })
            .SingleOrDefaultAsync(ct);
        if (order is null || order.TelegramId != userTelegramId) return new PreCheckoutResult(false, StarsErrorKeys.UnknownOrder);
        if (order.Status is Core.PaymentStatus.Completed or Core.PaymentStatus.Refunded) return new PreCheckoutResult(false, StarsErrorKeys.AlreadyPaid);
        if (order.Status != Core.PaymentStatus.Pending) return new PreCheckoutResult(false, StarsErrorKeys.UnknownOrder);
        if (!order.PlanActive) return new PreCheckoutResult(false, StarsErrorKeys.PlanUnavailable);
        if (!string.Equals(currency, PaymentMethods.StarsCurrency, StringComparison.Ordinal)
            // The plan's price must still be the one offered: a promo discount is part of the offer, not a change.
            || totalAmount != order.Amount || order.PlanStars != order.Amount + order.Discount)
            return new PreCheckoutResult(false, StarsErrorKeys.PriceChanged);
        return PreCheckoutResult.Accept;
    }
}
