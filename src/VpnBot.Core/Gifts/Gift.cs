namespace VpnBot.Core.Gifts;

public enum GiftStatus
{
    /// <summary>Paid for; the code works.</summary>
    Issued,
    /// <summary>Someone activated it; it cannot be refunded.</summary>
    Redeemed,
    /// <summary>An admin is refunding it: the code already stopped working.</summary>
    Refunding,
    Refunded,
}

/// <summary>
/// A plan bought for someone else. Made in the transaction that completes the buyer's payment; the one-time
/// <see cref="Code"/> travels in a link (t.me/bot?start=gift_CODE). Its status changes only under its row lock.
/// </summary>
public sealed class Gift
{
    public long Id { get; init; }
    public long PaymentId { get; init; }
    public long BuyerUserId { get; init; }
    public long PlanId { get; init; }

    /// <summary>The plan's days when bought: the gift is honoured even if the plan changes later.</summary>
    public int Days { get; init; }
    public required string Code { get; init; }
    public GiftStatus Status { get; set; } = GiftStatus.Issued;
    public long? RecipientUserId { get; set; }
    public long? SubscriptionId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RedeemedAt { get; set; }
    public DateTimeOffset? RefundedAt { get; set; }
}
