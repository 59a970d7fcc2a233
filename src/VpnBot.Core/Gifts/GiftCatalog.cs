using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Gifts;

/// <summary>
/// Reading gifts for the bots. Apart from <see cref="GiftService"/> because the client bot's notifier needs it, and
/// GiftService itself tells customers through that notifier: one class would make a dependency cycle.
/// </summary>
public sealed class GiftCatalog(AppDbContext db)
{
    /// <summary>The buyer's gifts, newest first.</summary>
    public async Task<IReadOnlyList<GiftListing>> ListAsync(long buyerUserId, int max, CancellationToken ct) =>
        await Listings(db.Gifts.Where(g => g.BuyerUserId == buyerUserId)).Take(max).ToListAsync(ct);

    /// <summary>The gift a payment bought, if any.</summary>
    public Task<GiftListing?> ForPaymentAsync(long paymentId, CancellationToken ct) =>
        Listings(db.Gifts.Where(g => g.PaymentId == paymentId)).SingleOrDefaultAsync(ct);

    // Ordered before the projection: EF cannot sort by a member of a constructed record.
    private IQueryable<GiftListing> Listings(IQueryable<Gift> gifts) =>
        from g in gifts.AsNoTracking()
        join p in db.Plans on g.PlanId equals p.Id
        orderby g.Id descending
        select new GiftListing(g.Id, g.Code, p.Name, g.Days, g.Status, g.CreatedAt, g.RedeemedAt);
}
