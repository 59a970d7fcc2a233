namespace VpnBot.Core.Gifts;

public enum RedeemStatus
{
    Activated,
    UnknownCode,
    /// <summary>Someone else activated it first.</summary>
    AlreadyUsed,
    /// <summary>This customer activated it before (a second tap on the link).</summary>
    AlreadyYours,
    /// <summary>The buyer's own gift: meant for someone else.</summary>
    OwnGift,
    /// <summary>Refunded (or being refunded): the code stopped working.</summary>
    Refunded,
    Banned,
}

/// <summary>What opening a gift link did; the subscription fields are set when it was <see cref="RedeemStatus.Activated"/>.</summary>
public sealed record RedeemResult(RedeemStatus Status, long? SubscriptionId = null, DateTimeOffset? ExpiresAt = null, int Days = 0, bool ConfigPending = false);

/// <summary>One gift in the buyer's "My gifts" list.</summary>
public sealed record GiftListing(long Id, string Code, string PlanName, int Days, GiftStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? RedeemedAt);
