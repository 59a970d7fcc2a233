using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Payments;

/// <summary>
/// One offer to a customer and what became of it. What was offered is fixed at creation; the state changes
/// only through the moves in Payment.Transitions.cs, each of which refuses what must not happen (completing a
/// refunded payment, refunding one that was never paid, ...).
/// </summary>
public partial class Payment
{
    public long Id { get; set; }
    public long UserId { get; init; }
    public User? User { get; set; }

    /// <summary>The subscription this payment extends: known up front for a renewal, set by <see cref="Complete"/> otherwise.</summary>
    public long? SubscriptionId { get; private set; }
    public Subscription? Subscription { get; set; }
    public long? PlanId { get; init; }

    /// <summary>The location the customer chose for a first purchase; renewals keep their server.</summary>
    public long? ServerId { get; init; }
    public SubscriptionPlan? Plan { get; set; }

    /// <summary>Provider name: stars, yookassa, cryptopay, trial.</summary>
    public required string PaymentMethod { get; init; }

    /// <summary>The provider's id (YooKassa payment id, Crypto Pay invoice id, Stars charge id).</summary>
    public string? ExternalPaymentId { get; private set; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }
    public PaymentStatus Status { get; private set; } = PaymentStatus.Pending;

    /// <summary>Set when the amount or currency paid differs from what was offered; an admin decides.</summary>
    public bool NeedsReview { get; private set; }
    public string? ReviewReason { get; private set; }

    /// <summary>Where the customer pays (YooKassa confirmation URL, Crypto Pay invoice URL).</summary>
    public string? ConfirmationUrl { get; private set; }

    /// <summary>What the money buys: a subscription period (the default), balance, or a gift for someone else.</summary>
    public PaymentPurpose Purpose { get; init; } = PaymentPurpose.Subscription;

    /// <summary>True for an automatic renewal charge made with a saved payment method.</summary>
    public bool IsRenewal { get; init; }

    /// <summary>A new payment was last changed when it was made, so setting this also sets <see cref="UpdatedAt"/>.</summary>
    public DateTimeOffset CreatedAt
    {
        get => _createdAt;
        init => _createdAt = UpdatedAt = value;
    }

    public DateTimeOffset? PaidAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; set; }

    private DateTimeOffset _createdAt;

    /// <summary>What the customer is asked to pay for a plan (a first purchase or a renewal of the subscription's own plan).</summary>
    public static Payment Offer(long userId, SubscriptionPlan plan, string method, Money price, DateTimeOffset now,
        long? serverId = null, long? renewing = null, PaymentPurpose purpose = PaymentPurpose.Subscription) => new()
    {
        Purpose = purpose,
        UserId = userId,
        PlanId = plan.Id,
        ServerId = serverId,
        SubscriptionId = renewing,
        IsRenewal = renewing is not null,
        PaymentMethod = method,
        Amount = price.Amount,
        Currency = price.Currency,
        CreatedAt = now,
    };

    /// <summary>Money reached us: completed, or held for review after a mismatch.</summary>
    public bool WasPaid => Status == PaymentStatus.Completed || (Status == PaymentStatus.Pending && NeedsReview);

    /// <summary>Exactly the offered amount in the offered currency (decimal equality ignores scale: 299.00 == 299).</summary>
    public bool IsWhatWasOffered(Money paid) =>
        paid.Amount == Amount && string.Equals(Currency, paid.Currency?.Trim(), StringComparison.OrdinalIgnoreCase);
}
