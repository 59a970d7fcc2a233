namespace VpnBot.Core.Payments;

/// <summary>A payment opened at the provider: show the customer <see cref="ConfirmationUrl"/> (a Stars invoice link for Stars).</summary>
public sealed record PaymentStart(long PaymentId, string Method, decimal Amount, string Currency, string ConfirmationUrl);

/// <summary>A way to pay for a plan, with the price through that provider.</summary>
public sealed record PaymentOption(string Method, Money Price)
{
    /// <summary>The provider can keep the card for auto-renewal (offered with the consent screen).</summary>
    public bool SavesCard { get; init; }
}

/// <summary>
/// A verified "the customer paid" fact: from a re-read of the provider's API, a signed notification or
/// Telegram's successful_payment. The payment is found by <see cref="ExternalId"/>, else by our <see cref="PaymentId"/>.
/// </summary>
public sealed record PaymentConfirmation(string Provider, string EventKey, string? ExternalId, long? PaymentId, decimal PaidAmount, string PaidCurrency)
{
    /// <summary>The provider saved the card for auto-renewal (the customer opted in at checkout).</summary>
    public string? SavedPaymentMethodId { get; init; }
}

/// <summary>A verified refund: <see cref="Amount"/> returned to the customer.</summary>
public sealed record RefundConfirmation(string Provider, string EventKey, string? ExternalId, long? PaymentId, decimal Amount, string Reason);

public enum PaymentOutcomeKind
{
    /// <summary>Paid and the subscription extended (now, by this call).</summary>
    Completed,
    /// <summary>This event or this payment was already handled; nothing changed.</summary>
    Duplicate,
    /// <summary>Amount/currency differ from the offer (or the plan is gone): flagged for an admin, not activated.</summary>
    NeedsReview,
    /// <summary>No payment of ours matches; nothing changed.</summary>
    UnknownPayment,
    Failed,
    Refunded,
    /// <summary>The provider accepted the refund but has not finished it; its notification completes it.</summary>
    RefundPending,
    /// <summary>Nothing to do in the payment's current state (still pending, already failed, ...).</summary>
    Ignored,
    /// <summary>An admin settled a completed payment's review (by this call); the money side was unchanged.</summary>
    ReviewDismissed,
    /// <summary>The provider's API contradicts the notification that claimed this state; nothing changed.</summary>
    ProviderDisagrees,
}

public sealed record PaymentOutcome(PaymentOutcomeKind Kind, long? PaymentId, string Reason)
{
    public long? UserId { get; init; }
    public long? SubscriptionId { get; init; }

    /// <summary>For <see cref="PaymentOutcomeKind.Completed"/>: the config is still being created and arrives by itself.</summary>
    public bool ConfigPending { get; init; }

    /// <summary>For <see cref="PaymentOutcomeKind.Completed"/>: the inviter's reward granted with it, told after the commit.</summary>
    public long? ReferralRewardId { get; init; }

    public override string ToString() => $"{Kind} (payment {PaymentId}): {Reason}";
}

public enum PaymentError { UserNotFound, UserBanned, PlanUnavailable, ServerUnavailable, MethodUnavailable, ProviderFailed, NotRefundable, InsufficientBalance, InvalidAmount }

/// <summary>A request the bot must explain to the user (plan gone, provider down, ...); nothing was charged.</summary>
public sealed class PaymentException : Exception
{
    public PaymentException() : this(PaymentError.ProviderFailed, "Payment failed.") { }

    public PaymentException(string message) : this(PaymentError.ProviderFailed, message) { }

    public PaymentException(string message, Exception inner) : this(PaymentError.ProviderFailed, message, inner) { }

    public PaymentException(PaymentError error, string message, Exception? inner = null) : base(message, inner) => Error = error;

    public PaymentError Error { get; }
}
