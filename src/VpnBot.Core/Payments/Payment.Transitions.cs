namespace VpnBot.Core.Payments;

/// <summary>The ways a payment's state may change; <see cref="Payment.Refusal"/> says when one must not happen.</summary>
public enum PaymentMove { Open, Complete, ApproveReview, DismissReview, Fail, Abandon, Refund }

/// <summary>Why a move is refused: <see cref="PaymentOutcomeKind.Duplicate"/> when it already happened, else <see cref="PaymentOutcomeKind.Ignored"/>.</summary>
public sealed record PaymentRefusal(PaymentOutcomeKind Kind, string Reason);

public partial class Payment
{
    public const int MaxReviewReasonLength = 512;

    /// <summary>
    /// Null when <paramref name="move"/> is allowed now. Callers ask before acting (so a refusal becomes an
    /// outcome, not an error); the moves below ask again and throw, so no path can skip the rule.
    /// </summary>
    public PaymentRefusal? Refusal(PaymentMove move) => move switch
    {
        PaymentMove.Open => Status != PaymentStatus.Pending || NeedsReview ? Ignored($"payment is {Status}, review={NeedsReview}")
            : ExternalPaymentId is not null ? Duplicate($"already opened as {ExternalPaymentId}")
            : null,
        // A failed payment may still complete: money that arrives late (after a cancel or abandonment) is never refused.
        PaymentMove.Complete => Status is PaymentStatus.Completed or PaymentStatus.Refunded ? Duplicate($"payment already {Status}")
            : NeedsReview ? Duplicate("already waiting for review")
            : null,
        PaymentMove.ApproveReview => Status != PaymentStatus.Pending || !NeedsReview ? Ignored($"payment is {Status}, review={NeedsReview}") : null,
        // A held, unpaid-out payment cannot be dismissed: it is approved or refunded, so the money is never left in limbo.
        PaymentMove.DismissReview => !NeedsReview || Status == PaymentStatus.Pending ? Ignored($"payment is {Status}, review={NeedsReview}") : null,
        PaymentMove.Fail => Status != PaymentStatus.Pending ? Ignored($"payment is {Status}") : null,
        // A payment held for review has the customer's money: only an admin closes it.
        PaymentMove.Abandon => Status != PaymentStatus.Pending || NeedsReview ? Ignored($"payment is {Status}, review={NeedsReview}") : null,
        PaymentMove.Refund => Status == PaymentStatus.Refunded ? Duplicate("already refunded")
            : !WasPaid ? Ignored($"payment is {Status}: nothing was paid")
            : null,
        _ => throw new ArgumentOutOfRangeException(nameof(move), move, null),
    };

    /// <summary>Opened at the provider: its id (none for Stars until Telegram's charge) and where the customer pays.</summary>
    public void Open(string? externalId, string? confirmationUrl, DateTimeOffset now)
    {
        Ensure(PaymentMove.Open);
        ExternalPaymentId = externalId;
        ConfirmationUrl = confirmationUrl;
        UpdatedAt = now;
    }

    /// <summary>The provider's id learned from one of its events (the answer to "create" may have been lost); a known id is kept.</summary>
    public void LearnExternalId(string? externalId) => ExternalPaymentId ??= externalId;

    /// <summary>Paid as offered: the plan's period was added to <paramref name="subscriptionId"/> (null: a gift, which extends nothing of the buyer's).</summary>
    public void Complete(long? subscriptionId, DateTimeOffset now)
    {
        Ensure(PaymentMove.Complete);
        MarkPaid(subscriptionId, now);
    }

    /// <summary>An admin activates a held payment as if the offered amount had been paid.</summary>
    public void ApproveReview(long? subscriptionId, DateTimeOffset now)
    {
        Ensure(PaymentMove.ApproveReview);
        NeedsReview = false; // the reason stays: it says why a person had to decide
        MarkPaid(subscriptionId, now);
    }

    /// <summary>An admin has settled a reviewed payment outside the money flow; its state stays.</summary>
    public void DismissReview(DateTimeOffset now)
    {
        Ensure(PaymentMove.DismissReview);
        NeedsReview = false;
        UpdatedAt = now;
    }

    /// <summary>The payment will not happen (canceled, expired, declined, or the provider refused to open it).</summary>
    public void Fail(DateTimeOffset now)
    {
        Ensure(PaymentMove.Fail);
        Status = PaymentStatus.Failed;
        UpdatedAt = now;
    }

    /// <summary>Given up after staying pending too long; quietly failed (a late payment still completes it).</summary>
    public void Abandon(DateTimeOffset now)
    {
        Ensure(PaymentMove.Abandon);
        Status = PaymentStatus.Failed;
        UpdatedAt = now;
    }

    /// <summary>The money went back in full. True when the payment had been activated, so its period must be taken back.</summary>
    public bool Refund(DateTimeOffset now)
    {
        Ensure(PaymentMove.Refund);
        var activated = Status == PaymentStatus.Completed;
        Status = PaymentStatus.Refunded;
        NeedsReview = false; // a held payment refunded in full is settled
        UpdatedAt = now;
        return activated;
    }

    /// <summary>
    /// Something a rule cannot settle (paid amount differs, partial refund, plan gone): an admin decides.
    /// Allowed in any state; the state itself does not change.
    /// </summary>
    public void HoldForReview(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        NeedsReview = true;
        ReviewReason = reason.Length <= MaxReviewReasonLength ? reason : reason[..MaxReviewReasonLength];
        UpdatedAt = now;
    }

    private void MarkPaid(long? subscriptionId, DateTimeOffset now)
    {
        Status = PaymentStatus.Completed;
        PaidAt = now;
        SubscriptionId = subscriptionId ?? SubscriptionId;
        UpdatedAt = now;
    }

    private void Ensure(PaymentMove move)
    {
        if (Refusal(move) is { } refusal) throw new PaymentStateException(Id, move, refusal.Reason);
    }

    private static PaymentRefusal Duplicate(string reason) => new(PaymentOutcomeKind.Duplicate, reason);

    private static PaymentRefusal Ignored(string reason) => new(PaymentOutcomeKind.Ignored, reason);
}

/// <summary>A move the payment's state does not allow: a bug in the caller, which should have asked <see cref="Payment.Refusal"/>.</summary>
public sealed class PaymentStateException : InvalidOperationException
{
    public PaymentStateException() { }

    public PaymentStateException(string message) : base(message) { }

    public PaymentStateException(string message, Exception inner) : base(message, inner) { }

    public PaymentStateException(long paymentId, PaymentMove move, string reason)
        : base($"Payment {paymentId} cannot take the move {move}: {reason}.")
    {
        Move = move;
    }

    public PaymentMove? Move { get; }
}
