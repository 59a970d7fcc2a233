using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Balance;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Promotions;

/// <summary>
/// Customers' side of promo codes: entering one (remembered for the next purchase, or redeemed at once for free days
/// and balance credit), the prices it makes at checkout, and personal one-use codes. The counting limits are
/// checked under the code's row lock (see <see cref="LockAsync"/>), so they hold under any concurrency.
/// </summary>
public sealed partial class PromoCodes(
    AppDbContext db, SubscriptionService subscriptions, BalanceLedger ledger, BackendTaskSignal signal, TimeProvider time, ILogger<PromoCodes> log)
{
    public async Task<PromoCode?> FindAsync(string code, CancellationToken ct)
    {
        var normalized = PromoCode.Normalize(code);
        if (!PromoCode.IsWellFormed(normalized)) return null;
        return await db.PromoCodes.AsNoTracking().SingleOrDefaultAsync(p => p.Code == normalized, ct);
    }

    /// <summary>
    /// A code the customer typed or opened by link. Purchase codes that can be used are remembered until the next
    /// purchase; free days and balance credit are redeemed now, exactly once per customer.
    /// </summary>
    public async Task<PromoEntry> EnterAsync(long userId, string code, long? planId, CancellationToken ct)
    {
        if (await FindAsync(code, ct) is not { } promo) return new PromoEntry(PromoVerdict.Unknown, null);
        if (!promo.IsForPurchase) return await RedeemAsync(promo, userId, ct);
        var verdict = await CheckAsync(promo, userId, planId, ct);
        if (verdict == PromoVerdict.Ok) await RememberAsync(userId, promo.Id, ct);
        return new PromoEntry(verdict, promo);
    }

    /// <summary>The code remembered for the customer's next purchase, if any.</summary>
    public Task<PromoCode?> RememberedAsync(long userId, CancellationToken ct) =>
        db.RememberedPromos.Where(r => r.UserId == userId)
            .Join(db.PromoCodes, r => r.PromoCodeId, p => p.Id, (_, p) => p)
            .AsNoTracking().SingleOrDefaultAsync(ct);

    public Task ForgetAsync(long userId, CancellationToken ct) =>
        db.RememberedPromos.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);

    /// <summary>The remembered code applied to <paramref name="plan"/>'s prices, or null when the customer has none.</summary>
    public async Task<PromoQuote?> QuoteAsync(long userId, SubscriptionPlan plan, IReadOnlyList<PaymentOption> options, CancellationToken ct)
    {
        if (await RememberedAsync(userId, ct) is not { } promo) return null;
        var verdict = promo.IsForPurchase ? await CheckAsync(promo, userId, plan.Id, ct) : PromoVerdict.NotForMethod;
        if (verdict != PromoVerdict.Ok) return new PromoQuote(promo, verdict, options, 0);
        var priced = options.Select(o => o with { Price = PromoPricing.Apply(promo, plan, o.Price) ?? o.Price }).ToList();
        return new PromoQuote(promo, verdict, priced, PromoPricing.BonusDays(promo));
    }

    /// <summary>
    /// Whether <paramref name="userId"/> may use <paramref name="promo"/> now (read without locks: what the screens
    /// show; the use itself is re-checked under the code's lock). The customer's own open reservation does not count
    /// against them: a new checkout replaces it.
    /// </summary>
    public async Task<PromoVerdict> CheckAsync(PromoCode promo, long userId, long? planId, CancellationToken ct)
    {
        if (promo.Refusal(userId, planId, time.GetUtcNow()) is { } refusal) return refusal;
        var counts = await CountAsync(promo.Id, userId, ct);
        return Verdict(promo, counts, await HasPaidAsync(userId, ct));
    }

    private static PromoVerdict Verdict(PromoCode promo, UseCounts counts, bool hasPaid) =>
        promo.FirstPurchaseOnly && hasPaid ? PromoVerdict.FirstPurchaseOnly
        : counts.ByCustomer >= promo.PerCustomer ? PromoVerdict.AlreadyUsed
        : promo.MaxUses is { } max && counts.Total - counts.OwnReserved >= max ? PromoVerdict.UsedUp
        : PromoVerdict.Ok;

    /// <param name="Total">Reserved and used, by everyone.</param>
    /// <param name="ByCustomer">Used by this customer (their open reservations are replaced by a new checkout).</param>
    /// <param name="OwnReserved">This customer's open reservations.</param>
    private readonly record struct UseCounts(int Total, int ByCustomer, int OwnReserved);

    private async Task<UseCounts> CountAsync(long promoId, long userId, CancellationToken ct)
    {
        var rows = await db.PromoRedemptions.AsNoTracking()
            .Where(r => r.PromoCodeId == promoId && r.Status != RedemptionStatus.Released)
            .GroupBy(r => new { Own = r.UserId == userId, r.Status })
            .Select(g => new { g.Key.Own, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        return new UseCounts(
            rows.Sum(r => r.Count),
            rows.Where(r => r.Own && r.Status == RedemptionStatus.Used).Sum(r => r.Count),
            rows.Where(r => r.Own && r.Status == RedemptionStatus.Reserved).Sum(r => r.Count));
    }

    /// <summary>A first purchase is one before any paid (or paid and refunded) payment; trials and free codes do not count.</summary>
    private Task<bool> HasPaidAsync(long userId, CancellationToken ct) =>
        db.Payments.AnyAsync(p => p.UserId == userId && (p.Status == PaymentStatus.Completed || p.Status == PaymentStatus.Refunded), ct);

    private Task RememberAsync(long userId, long promoId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO remembered_promos (user_id, promo_code_id, remembered_at) VALUES ({userId}, {promoId}, {time.GetUtcNow()})
            ON CONFLICT (user_id) DO UPDATE SET promo_code_id = excluded.promo_code_id, remembered_at = excluded.remembered_at
            """, ct);

    /// <summary>Locks the code's row for the rest of the caller's transaction: every use of one code is counted one at a time.</summary>
    private async Task<PromoCode?> LockAsync(long promoId, CancellationToken ct) =>
        (await db.PromoCodes.FromSql($"SELECT * FROM promo_codes WHERE id = {promoId} FOR UPDATE").AsNoTracking().ToListAsync(ct)).SingleOrDefault();
}
