namespace VpnBot.Core.Promotions;

/// <summary>Reserved: taken at checkout, the payment is still open. Used: paid (or redeemed). Released: given back (failed, abandoned, refunded, replaced).</summary>
public enum RedemptionStatus { Reserved, Used, Released }

/// <summary>
/// One use of a code by one customer. Reserved and used rows count against the code's limits; the count is taken
/// under the code's row lock, so a code with one use left is taken exactly once however many try at the same moment.
/// </summary>
public class PromoRedemption
{
    public long Id { get; set; }
    public long PromoCodeId { get; init; }
    public long UserId { get; init; }

    /// <summary>The purchase it discounted; null for free days and balance credit.</summary>
    public long? PaymentId { get; init; }
    public RedemptionStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool Counts => Status != RedemptionStatus.Released;
}

/// <summary>A code the customer entered (or opened by link) to use on the next purchase; forgotten once a purchase is paid.</summary>
public class RememberedPromo
{
    public long UserId { get; init; }
    public long PromoCodeId { get; set; }
    public DateTimeOffset RememberedAt { get; set; }
}
