using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Payments;

public class Payment
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public long? SubscriptionId { get; set; }
    public Subscription? Subscription { get; set; }
    public long? PlanId { get; set; }

    /// <summary>The location the customer chose for a first purchase; renewals keep their server.</summary>
    public long? ServerId { get; set; }
    public SubscriptionPlan? Plan { get; set; }

    /// <summary>Provider name: stars, yookassa, cryptopay, trial.</summary>
    public required string PaymentMethod { get; set; }

    /// <summary>The provider's id (YooKassa payment id, Crypto Pay invoice id, Stars charge id).</summary>
    public string? ExternalPaymentId { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public PaymentStatus Status { get; set; } = PaymentStatus.Pending;

    /// <summary>Set when the amount or currency paid differs from what was offered; an admin decides.</summary>
    public bool NeedsReview { get; set; }
    public string? ReviewReason { get; set; }
    /// <summary>Where the customer pays (YooKassa confirmation URL, Crypto Pay invoice URL).</summary>
    public string? ConfirmationUrl { get; set; }

    /// <summary>True for an automatic renewal charge made with a saved payment method.</summary>
    public bool IsRenewal { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }
}
