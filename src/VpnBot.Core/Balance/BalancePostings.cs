namespace VpnBot.Core.Balance;

/// <summary>
/// A change to post: <paramref name="Amount"/> is signed RUB (credit &gt; 0, debit &lt; 0); <paramref name="Key"/> makes
/// it exactly-once (conventionally "&lt;reason&gt;:&lt;cause&gt;", e.g. "purchase:payment:42", "reversal:referral:payment:42").
/// </summary>
public sealed record BalanceChange(long UserId, decimal Amount, BalanceReason Reason, string Reference, string Key, long? ActorUserId = null);

public enum PostingStatus
{
    /// <summary>Posted now, by this call.</summary>
    Posted,
    /// <summary>A change with this key was posted before; nothing changed.</summary>
    AlreadyPosted,
    /// <summary>A debit larger than the balance; nothing changed.</summary>
    Insufficient,
}

/// <summary>What a posting did, and the balance after it (unchanged unless <see cref="PostingStatus.Posted"/>).</summary>
public sealed record BalancePosting(PostingStatus Status, decimal Balance);

/// <summary>One page of a customer's balance history, newest first.</summary>
public sealed record BalancePage(decimal Balance, IReadOnlyList<BalanceEntry> Entries, int Page, bool HasMore);
