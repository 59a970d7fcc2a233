using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Promotions;

/// <summary>
/// A purchase code's use is reserved when the payment is recorded (the price is fixed then, so the use must be too:
/// the customer is shown and charged the discounted price), becomes used when the payment completes, and is given
/// back when the payment fails, is abandoned or refunded, or the customer starts another checkout with the same code.
/// </summary>
public sealed partial class PromoCodes
{
    /// <summary>The price <paramref name="code"/> makes for this checkout, checked without locks (re-checked by <see cref="SaveReservedAsync"/>).</summary>
    /// <exception cref="PromoRejectedException">The code cannot be used for this customer, plan or method.</exception>
    public async Task<PromoPrice> PriceAsync(long userId, SubscriptionPlan plan, Money price, string code, CancellationToken ct)
    {
        var promo = await FindAsync(code, ct) ?? throw new PromoRejectedException(PromoVerdict.Unknown);
        if (!promo.IsForPurchase) throw new PromoRejectedException(PromoVerdict.NotForMethod);
        var verdict = await CheckAsync(promo, userId, plan.Id, ct);
        if (verdict != PromoVerdict.Ok) throw new PromoRejectedException(verdict);
        var discounted = PromoPricing.Apply(promo, plan, price) ?? throw new PromoRejectedException(PromoVerdict.NotForMethod);
        return new PromoPrice(promo, discounted, PromoPricing.BonusDays(promo));
    }

    /// <summary>
    /// Saves the new <paramref name="payment"/> and reserves its code's use in one transaction, under the code's lock:
    /// of many customers racing for the last use exactly one gets it, the others are refused and no payment is recorded.
    /// The customer's own earlier open reservations of the code are released (this checkout replaces them).
    /// </summary>
    /// <exception cref="PromoRejectedException">Used up (or otherwise refused) by the time the lock was taken.</exception>
    public async Task SaveReservedAsync(Payment payment, long? planId, CancellationToken ct)
    {
        var promoId = payment.PromoCodeId ?? throw new ArgumentException("The payment carries no promo code.", nameof(payment));
        await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var promo = await LockAsync(promoId, t) ?? throw new PromoRejectedException(PromoVerdict.Unknown);
            if (promo.Refusal(payment.UserId, planId, now) is { } refusal) throw new PromoRejectedException(refusal);
            await db.PromoRedemptions
                .Where(r => r.PromoCodeId == promoId && r.UserId == payment.UserId && r.Status == RedemptionStatus.Reserved)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RedemptionStatus.Released).SetProperty(r => r.UpdatedAt, now), t);
            var verdict = Verdict(promo, await CountAsync(promoId, payment.UserId, t), await HasPaidAsync(payment.UserId, t));
            if (verdict != PromoVerdict.Ok) throw new PromoRejectedException(verdict);
            db.Payments.Add(payment);
            await db.SaveChangesAsync(t);
            db.PromoRedemptions.Add(new PromoRedemption
            {
                PromoCodeId = promoId, UserId = payment.UserId, PaymentId = payment.Id, Status = RedemptionStatus.Reserved, CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync(t);
            return true;
        }, ct);
    }

    /// <summary>
    /// The payment completed, inside its transaction: its reservation becomes a use, and the code the customer had
    /// remembered is forgotten (it lasts until the next purchase). A payment whose reservation had been released
    /// (paid late, after it failed) takes its use again: the customer paid the discounted price, so it is honoured.
    /// </summary>
    internal async Task ConfirmAsync(Payment payment, CancellationToken ct)
    {
        await ForgetAsync(payment.UserId, ct);
        if (payment.PromoCodeId is not { } promoId) return;
        var now = time.GetUtcNow();
        var released = await db.PromoRedemptions.AnyAsync(r => r.PaymentId == payment.Id && r.Status == RedemptionStatus.Released, ct);
        var changed = await db.PromoRedemptions.Where(r => r.PaymentId == payment.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RedemptionStatus.Used).SetProperty(r => r.UpdatedAt, now), ct);
        if (changed == 0)
            db.PromoRedemptions.Add(new PromoRedemption { PromoCodeId = promoId, UserId = payment.UserId, PaymentId = payment.Id, Status = RedemptionStatus.Used, CreatedAt = now, UpdatedAt = now });
        if (released || changed == 0)
            log.LogWarning("Payment {PaymentId} was paid after its promo reservation had been given back: the use of code {PromoId} is taken again", payment.Id, promoId);
    }

    /// <summary>The payment failed, was abandoned or refunded, inside its transaction: its use goes back to the code.</summary>
    internal async Task ReleaseAsync(Payment payment, CancellationToken ct)
    {
        if (payment.PromoCodeId is null) return;
        var now = time.GetUtcNow();
        await db.PromoRedemptions.Where(r => r.PaymentId == payment.Id && r.Status != RedemptionStatus.Released)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RedemptionStatus.Released).SetProperty(r => r.UpdatedAt, now), ct);
    }
}
