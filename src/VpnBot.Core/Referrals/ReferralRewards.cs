using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Balance;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Referrals;

/// <summary>
/// The inviter's reward for a friend's payment, granted and taken back inside the payment's own transaction (called
/// from PaymentService with the payment row locked, so a payment activates, and rewards, once). Lock order: the
/// friend's row, then the inviter's: an inviter always joined before the friends they invited and attribution
/// refuses cycles, so two payments can never wait on each other's inviter.
/// </summary>
public sealed class ReferralRewards(
    AppDbContext db, ReferralProgram program, BalanceLedger ledger, SubscriptionService subscriptions,
    ICustomerNotifier notifier, ILogger<ReferralRewards> log)
{
    public static string LedgerKey(long paymentId) => $"referral:payment:{paymentId}";

    public static string ReversalKey(long paymentId) => $"reversal:referral:payment:{paymentId}";

    /// <summary>Grants the reward for <paramref name="payment"/> (just activated, inside the caller's transaction); null when none is due.</summary>
    internal async Task<ReferralReward?> GrantAsync(Payment payment, DateTimeOffset now, CancellationToken ct)
    {
        if (payment.Purpose == PaymentPurpose.TopUp) return null; // money moved to a wallet buys nothing yet
        var invitee = await db.Users.AsNoTracking().Where(u => u.Id == payment.UserId)
            .Select(u => new { u.ReferredByUserId, u.ReferredAt }).SingleAsync(ct);
        if (invitee.ReferredByUserId is not { } referrerId || !await program.IsOnAsync(ct)) return null;
        var o = program.Options;
        if (o.RewardMonths <= 0)
        {
            // The first payment only: any earlier paid payment of the friend means this one is not the first.
            if (await db.Payments.AnyAsync(p => p.UserId == payment.UserId && p.Id != payment.Id && p.PaidAt != null && p.Purpose != PaymentPurpose.TopUp, ct))
                return null;
        }
        else if (invitee.ReferredAt is not { } joined || now > joined.AddMonths(o.RewardMonths)) return null;
        if (await db.ReferralRewards.AnyAsync(r => r.PaymentId == payment.Id, ct)) return null;

        var referrer = await db.LockUserAsync(referrerId, ct);
        if (referrer is null || referrer.IsBanned) return null;
        ReferralReward reward;
        if (o.ReferrerReward == ReferrerRewardKind.Days)
        {
            if (o.ReferrerDays <= 0) return null;
            var (subscription, _) = await subscriptions.ApplyPeriodAsync(referrer, null, o.ReferrerDays, null, now, ct);
            reward = new ReferralReward
            {
                PaymentId = payment.Id, ReferrerUserId = referrerId, InviteeUserId = payment.UserId, Kind = ReferrerRewardKind.Days,
                Days = o.ReferrerDays, SubscriptionId = subscription.Id, CreatedAt = now,
            };
        }
        else
        {
            var amount = Math.Round(await RubBaseAsync(payment, ct) * o.ReferrerPercent / 100m, 2, MidpointRounding.ToZero);
            if (amount <= 0) return null;
            var posting = await ledger.PostAsync(new BalanceChange(referrerId, amount, BalanceReason.ReferralReward,
                $"payment:{payment.Id}", LedgerKey(payment.Id)), ct);
            if (posting.Status != PostingStatus.Posted) return null;
            reward = new ReferralReward
            {
                PaymentId = payment.Id, ReferrerUserId = referrerId, InviteeUserId = payment.UserId, Kind = ReferrerRewardKind.Balance,
                Amount = amount, CreatedAt = now,
            };
        }
        db.ReferralRewards.Add(reward);
        await db.SaveChangesAsync(ct);
        return reward;
    }

    /// <summary>
    /// Takes back the reward for a refunded payment, inside the refund's transaction. A balance reward the inviter has
    /// partly spent is taken as far as the balance goes (it never goes below zero) and the rest recorded as
    /// <see cref="ReferralReward.Shortfall"/> for an admin to settle by hand.
    /// </summary>
    internal async Task<ReferralReward?> ReverseAsync(long paymentId, DateTimeOffset now, CancellationToken ct)
    {
        var reward = await db.ReferralRewards.SingleOrDefaultAsync(r => r.PaymentId == paymentId && r.ReversedAt == null, ct);
        if (reward is null) return null;
        if (reward.Kind == ReferrerRewardKind.Days)
        {
            if (reward.SubscriptionId is { } subscriptionId) await subscriptions.TakeBackPeriodAsync(subscriptionId, reward.Days, now, ct);
        }
        else
        {
            var balance = await ledger.BalanceOfAsync(reward.ReferrerUserId, ct);
            var take = Math.Min(balance, reward.Amount);
            if (take > 0)
            {
                var posting = await ledger.PostAsync(new BalanceChange(reward.ReferrerUserId, -take, BalanceReason.Reversal,
                    $"payment:{paymentId}", ReversalKey(paymentId)), ct);
                // The balance was read before the lock: when it moved in between, take what the lock says is there.
                if (posting.Status == PostingStatus.Insufficient && posting.Balance > 0)
                {
                    take = posting.Balance;
                    await ledger.PostAsync(new BalanceChange(reward.ReferrerUserId, -take, BalanceReason.Reversal,
                        $"payment:{paymentId}", ReversalKey(paymentId)), ct);
                }
                else if (posting.Status == PostingStatus.Insufficient) take = 0;
            }
            reward.Shortfall = reward.Amount - take;
            if (reward.Shortfall > 0)
                log.LogWarning("Referral reward for payment {PaymentId}: {Shortfall} RUB already spent by user {ReferrerId}; left for an admin",
                    paymentId, reward.Shortfall, reward.ReferrerUserId);
        }
        reward.ReversedAt = now;
        await db.SaveChangesAsync(ct);
        return reward;
    }

    /// <summary>Tells the inviter (after the commit); a failed message changes nothing.</summary>
    public async Task NotifyGrantedAsync(long? rewardId, CancellationToken ct)
    {
        if (rewardId is null) return;
        try
        {
            var r = await db.ReferralRewards.AsNoTracking().SingleAsync(x => x.Id == rewardId, ct);
            if (r.Kind == ReferrerRewardKind.Days) await notifier.NoticeAsync(r.ReferrerUserId, NoticeKeys.ReferralRewardDays, [r.Days], ct);
            else await notifier.NoticeAsync(r.ReferrerUserId, NoticeKeys.ReferralRewardBalance, [r.Amount], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not tell the inviter about referral reward {RewardId}", rewardId);
        }
    }

    /// <summary>
    /// What the reward is a percentage of, in RUB: the amount paid when it was RUB, else the plan's RUB price (a Stars or
    /// foreign-fiat payment), else nothing (a plan priced only in another currency earns no balance).
    /// </summary>
    private async Task<decimal> RubBaseAsync(Payment payment, CancellationToken ct)
    {
        if (string.Equals(payment.Currency, "RUB", StringComparison.OrdinalIgnoreCase)) return payment.Amount;
        var plan = payment.PlanId is { } planId ? await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, ct) : null;
        return plan is not null && string.Equals(plan.Currency, "RUB", StringComparison.OrdinalIgnoreCase) ? plan.Price : 0m;
    }
}
