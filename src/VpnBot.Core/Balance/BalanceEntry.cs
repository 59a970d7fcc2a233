namespace VpnBot.Core.Balance;

/// <summary>Why a customer's balance changed. Stored as snake_case text.</summary>
public enum BalanceReason { TopUp, Purchase, Refund, ReferralReward, Promo, AdminAdjustment, Reversal }

/// <summary>
/// One change of a customer's internal balance (RUB). Rows are only ever added: a mistake is undone by a
/// <see cref="BalanceReason.Reversal"/> row, never by editing or deleting one, so the history is the audit trail.
/// </summary>
public sealed class BalanceEntry
{
    public long Id { get; init; }
    public long UserId { get; init; }

    /// <summary>Signed: a credit is positive, a debit negative. Never zero.</summary>
    public decimal Amount { get; init; }
    public BalanceReason Reason { get; init; }

    /// <summary>What caused it, for people: "payment:42", "promo:SPRING", "admin:7".</summary>
    public required string Reference { get; init; }

    /// <summary>
    /// The idempotency key: one cause posts once. A retry, a redelivered webhook or a second worker posting the
    /// same key gets <see cref="PostingStatus.AlreadyPosted"/> (unique index).
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The admin (users.id) who made it; null for the customer's own actions and the system.</summary>
    public long? ActorUserId { get; init; }

    /// <summary>The balance right after this row, so a page of history reads without summing.</summary>
    public decimal BalanceAfter { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
