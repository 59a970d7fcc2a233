namespace VpnBot.Core.Referrals;

/// <summary>
/// What an inviter got for one payment of the friend they invited (at most one per payment: unique payment id).
/// Kept after a refund, with <see cref="ReversedAt"/> set, so "earned" and the audit trail stay readable.
/// </summary>
public sealed class ReferralReward
{
    public long Id { get; init; }
    public long PaymentId { get; init; }
    public long ReferrerUserId { get; init; }
    public long InviteeUserId { get; init; }
    public ReferrerRewardKind Kind { get; init; }

    /// <summary>RUB credited to the inviter's balance (<see cref="ReferrerRewardKind.Balance"/>), else 0.</summary>
    public decimal Amount { get; init; }

    /// <summary>Days added (<see cref="ReferrerRewardKind.Days"/>), else 0.</summary>
    public int Days { get; init; }

    /// <summary>The inviter's subscription the days went to.</summary>
    public long? SubscriptionId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set when the friend's payment was refunded and the reward taken back.</summary>
    public DateTimeOffset? ReversedAt { get; set; }

    /// <summary>
    /// The part of a balance reward that could not be taken back because the inviter had already spent it
    /// (the balance never goes below zero). Shown to admins in the referrers list for a decision by hand.
    /// </summary>
    public decimal Shortfall { get; set; }
}
