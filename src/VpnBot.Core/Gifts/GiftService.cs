using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;
using VpnBot.Core.Referrals;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Gifts;

/// <summary>
/// Plans bought for someone else. The gift is made in the transaction that completes the buyer's payment (no
/// subscription is extended for the buyer), and activated at most once: the gift row is locked, then the recipient's
/// user row and subscription, as a purchase would (gift → user → subscription). Whoever locks first wins; the other
/// sees it used. The buyer cannot activate their own gift: it is meant to be forwarded, and a self-activation
/// would be a plain purchase with extra steps (and a way to dodge a gift's refund rule).
/// </summary>
public sealed class GiftService(
    AppDbContext db, SubscriptionService subscriptions, TimeProvider time, BackendTaskSignal signal,
    ICustomerNotifier notifier, ILogger<GiftService> log)
{
    public const int CodeLength = 16;

    /// <summary>Makes the gift for a just-paid gift payment, inside the payment's transaction.</summary>
    internal async Task<Gift> IssueAsync(Payment payment, SubscriptionPlan plan, DateTimeOffset now, CancellationToken ct)
    {
        var gift = new Gift
        {
            PaymentId = payment.Id, BuyerUserId = payment.UserId, PlanId = plan.Id, Days = plan.DurationDays,
            Code = OneTimeCodes.New(CodeLength), CreatedAt = now,
        };
        db.Gifts.Add(gift);
        await db.SaveChangesAsync(ct);
        return gift;
    }

    public async Task<RedeemResult> RedeemAsync(long recipientUserId, string rawCode, CancellationToken ct)
    {
        if (OneTimeCodes.Normalize(rawCode, CodeLength) is not { } code) return new RedeemResult(RedeemStatus.UnknownCode);
        var (result, buyerId) = await db.InTransactionAsync(async t =>
        {
            var gift = (await db.Gifts.FromSql($"SELECT * FROM gifts WHERE code = {code} FOR UPDATE").ToListAsync(t)).SingleOrDefault();
            if (gift is null) return (new RedeemResult(RedeemStatus.UnknownCode), (long?)null);
            switch (gift.Status)
            {
                case GiftStatus.Redeemed:
                    return (new RedeemResult(gift.RecipientUserId == recipientUserId ? RedeemStatus.AlreadyYours : RedeemStatus.AlreadyUsed), null);
                case GiftStatus.Refunding or GiftStatus.Refunded:
                    return (new RedeemResult(RedeemStatus.Refunded), null);
            }
            if (gift.BuyerUserId == recipientUserId) return (new RedeemResult(RedeemStatus.OwnGift), null);
            var user = await db.LockUserAsync(recipientUserId, t) ?? throw new InvalidOperationException($"User {recipientUserId} not found.");
            if (user.IsBanned) return (new RedeemResult(RedeemStatus.Banned), null);
            var now = time.GetUtcNow();
            var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == gift.PlanId, t);
            // Extends the current subscription from its expiry, or starts one that provisioning places on a server.
            var (subscription, mirror) = await subscriptions.ApplyPeriodAsync(user, plan, gift.Days, null, now, t);
            gift.Status = GiftStatus.Redeemed;
            gift.RecipientUserId = recipientUserId;
            gift.SubscriptionId = subscription.Id;
            gift.RedeemedAt = now;
            await db.SaveChangesAsync(t);
            return (new RedeemResult(RedeemStatus.Activated, subscription.Id, subscription.ExpiresAt, gift.Days, mirror.ConfigPending), (long?)gift.BuyerUserId);
        }, ct);
        if (result.Status != RedeemStatus.Activated) return result;
        log.LogInformation("Gift activated by user {UserId}: subscription {SubscriptionId} until {ExpiresAt}", recipientUserId, result.SubscriptionId, result.ExpiresAt);
        signal.Pulse();
        try
        {
            await notifier.NoticeAsync(buyerId!.Value, NoticeKeys.GiftRedeemed, [], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not tell user {UserId} their gift was activated", buyerId);
        }
        return result;
    }

    /// <summary>
    /// Before an admin's refund goes to the provider: stops the code (issued → refunding) so nobody activates a gift
    /// whose money is on its way back. False when it was already activated: a used gift is not refunded.
    /// A payment that bought no gift passes.
    /// </summary>
    internal async Task<bool> HoldForRefundAsync(long paymentId, CancellationToken ct)
    {
        if (await db.Database.ExecuteSqlAsync($"""
            UPDATE gifts SET status = 'refunding' WHERE payment_id = {paymentId} AND status IN ('issued', 'refunding')
            """, ct) == 1) return true;
        var gift = await db.Gifts.AsNoTracking().SingleOrDefaultAsync(g => g.PaymentId == paymentId, ct);
        return gift is null or { Status: GiftStatus.Refunded };
    }

    /// <summary>The provider refused the refund: the gift works again.</summary>
    internal Task ReleaseRefundHoldAsync(long paymentId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"UPDATE gifts SET status = 'issued' WHERE payment_id = {paymentId} AND status = 'refunding'", ct);

    /// <summary>
    /// The gift payment's money went back (inside the refund's transaction): the code stops for good. False when the gift
    /// had already been activated (a refund the provider made on its own): the caller holds the payment for an admin.
    /// </summary>
    internal async Task<bool> RefundedAsync(long paymentId, DateTimeOffset now, CancellationToken ct)
    {
        var gift = (await db.Gifts.FromSql($"SELECT * FROM gifts WHERE payment_id = {paymentId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
        if (gift is null) return true;
        if (gift.Status == GiftStatus.Redeemed) return false;
        gift.Status = GiftStatus.Refunded;
        gift.RefundedAt = now;
        await db.SaveChangesAsync(ct);
        return true;
    }
}
