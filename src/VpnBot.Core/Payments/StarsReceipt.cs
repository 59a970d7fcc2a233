namespace VpnBot.Core.Payments;

public enum StarsReceiptState
{
    /// <summary>Saved from successful_payment, not yet applied (or applying it failed and it is retried).</summary>
    Received,

    /// <summary>Handed to the payment completion: the payment is completed (or held for review there).</summary>
    Applied,

    /// <summary>The payload matches no payment of ours that this charge can complete: an admin refunds or settles it.</summary>
    Unmatched,

    /// <summary>The customer was banned after pre-checkout: no access is given; an admin refunds, or unbans and retries.</summary>
    Held,

    /// <summary>The Stars went back to the customer through refundStarPayment.</summary>
    Refunded,

    /// <summary>An admin settled it outside the bot.</summary>
    DealtWith,
}

/// <summary>
/// One Telegram Stars payment exactly as successful_payment reported it, saved before the update is acknowledged.
/// Telegram has no API to look a Stars payment up again, so this row is the only trace of the customer's money
/// until it is applied, refunded or settled by an admin.
/// </summary>
public class StarsReceipt
{
    public long Id { get; set; }

    /// <summary>Telegram's id of the charge (unique; needed for refundStarPayment). Not a secret.</summary>
    public required string TelegramPaymentChargeId { get; set; }
    public required string InvoicePayload { get; set; }
    public int Amount { get; set; }
    public required string Currency { get; set; }
    public long TelegramUserId { get; set; }
    public StarsReceiptState State { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>Our payment the receipt completed, once applied.</summary>
    public long? PaymentId { get; set; }

    /// <summary>When the retry job may take it next.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Held by one worker (applying or refunding) until then; nobody else touches it meanwhile.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>When the admins were told; a receipt is alerted once per problem.</summary>
    public DateTimeOffset? AlertedAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsOpen => State is StarsReceiptState.Received or StarsReceiptState.Unmatched or StarsReceiptState.Held;
}
