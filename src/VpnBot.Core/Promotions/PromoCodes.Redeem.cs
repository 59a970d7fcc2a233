using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Balance;
using VpnBot.Core.Data;

namespace VpnBot.Core.Promotions;

public sealed partial class PromoCodes
{
    /// <summary>
    /// Free days or balance credit, without a purchase: the use is counted and its effect applied in one transaction,
    /// under the code's lock (then the user's, as every path that takes both: code → user → subscription).
    /// </summary>
    private async Task<PromoEntry> RedeemAsync(PromoCode found, long userId, CancellationToken ct)
    {
        var entry = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var promo = await LockAsync(found.Id, t);
            if (promo is null) return new PromoEntry(PromoVerdict.Unknown, null);
            if (promo.Refusal(userId, null, now) is { } refusal) return new PromoEntry(refusal, promo);
            var verdict = Verdict(promo, await CountAsync(promo.Id, userId, t), await HasPaidAsync(userId, t));
            if (verdict != PromoVerdict.Ok) return new PromoEntry(verdict, promo);

            var redemption = new PromoRedemption { PromoCodeId = promo.Id, UserId = userId, Status = RedemptionStatus.Used, CreatedAt = now, UpdatedAt = now };
            db.PromoRedemptions.Add(redemption);
            await db.SaveChangesAsync(t);
            if (promo.Kind == PromoKind.Balance)
            {
                var posting = await ledger.PostAsync(new BalanceChange(userId, promo.Value, BalanceReason.Promo, "promo " + promo.Code,
                    "promo:redemption:" + redemption.Id.ToString(CultureInfo.InvariantCulture)), t);
                return new PromoEntry(PromoVerdict.Ok, promo, Balance: posting.Balance);
            }
            var user = await db.LockUserAsync(userId, t) ?? throw new InvalidOperationException($"User {userId} not found.");
            // As an admin's gift: from the expiry while running, a new subscription otherwise; provisioning is queued.
            var (subscription, _) = await subscriptions.ApplyPeriodAsync(user, null, (int)promo.Value, null, now, t);
            await db.SaveChangesAsync(t);
            return new PromoEntry(PromoVerdict.Ok, promo, SubscriptionUntil: subscription.ExpiresAt);
        }, ct);
        if (entry.Accepted)
        {
            log.LogInformation("User {UserId} redeemed promo code {PromoId} ({Kind} {Value})", userId, found.Id, found.Kind, found.Value);
            if (entry.SubscriptionUntil is not null) signal.Pulse();
        }
        return entry;
    }
}
