using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Balance;

/// <summary>
/// The customers' internal balance. <c>users.balance</c> is kept in step with the append-only
/// <c>balance_entries</c> in the same transaction, under the user's row lock: two postings for one customer
/// queue behind each other, so a debit is checked against the balance it will really change and the balance
/// never goes below zero (a CHECK constraint backs this up). Each posting carries a unique key, so a cause posts
/// once however often it is retried.
/// </summary>
public sealed class BalanceLedger(AppDbContext db, TimeProvider time)
{
    /// <summary>
    /// Posts <paramref name="change"/>. Inside the caller's transaction when there is one (so the posting commits or
    /// rolls back with the caller's other changes, e.g. a purchase); in a transaction of its own otherwise.
    /// Lock order: callers that also lock a payment lock it first (payment → user → subscription, as elsewhere).
    /// </summary>
    public Task<BalancePosting> PostAsync(BalanceChange change, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfZero(change.Amount);
        ArgumentException.ThrowIfNullOrWhiteSpace(change.Key);
        if (decimal.Round(change.Amount, 2) != change.Amount)
            throw new ArgumentException($"A balance change is in whole kopecks: {change.Amount}.", nameof(change));
        return db.Database.CurrentTransaction is null
            ? db.InTransactionAsync(t => PostLockedAsync(change, t), ct)
            : PostLockedAsync(change, ct);
    }

    private async Task<BalancePosting> PostLockedAsync(BalanceChange change, CancellationToken ct)
    {
        var balance = await db.Database
            .SqlQuery<decimal>($"SELECT balance AS \"Value\" FROM users WHERE id = {change.UserId} FOR UPDATE")
            .ToListAsync(ct) switch
        {
            [var b] => b,
            _ => throw new InvalidOperationException($"User {change.UserId} not found."),
        };
        // Under the user's lock: an earlier posting with this key has committed or is ours.
        if (await db.BalanceEntries.AnyAsync(e => e.Key == change.Key, ct))
            return new BalancePosting(PostingStatus.AlreadyPosted, balance);
        var after = balance + change.Amount;
        if (after < 0) return new BalancePosting(PostingStatus.Insufficient, balance);

        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"UPDATE users SET balance = {after}, updated_at = {now} WHERE id = {change.UserId}", ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO balance_entries (user_id, amount, reason, reference, key, actor_user_id, balance_after, created_at)
            VALUES ({change.UserId}, {change.Amount}, {SnakeCaseEnum<BalanceReason>.ToText(change.Reason)}, {change.Reference}, {change.Key}, {change.ActorUserId}, {after}, {now})
            """, ct);
        return new BalancePosting(PostingStatus.Posted, after);
    }

    /// <summary>Whether a change with <paramref name="key"/> was posted (e.g. to undo it only if it happened).</summary>
    public Task<BalanceEntry?> FindAsync(string key, CancellationToken ct) =>
        db.BalanceEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Key == key, ct);

    public async Task<decimal> BalanceOfAsync(long userId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == userId).Select(u => (decimal?)u.Balance).SingleOrDefaultAsync(ct) ?? 0m;

    /// <summary>Page <paramref name="page"/> (from 0) of the customer's history, newest first.</summary>
    public async Task<BalancePage> HistoryAsync(long userId, int page, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var rows = await db.BalanceEntries.AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.Id)
            .Skip(page * pageSize).Take(pageSize + 1)
            .ToListAsync(ct);
        return new BalancePage(await BalanceOfAsync(userId, ct), rows.Take(pageSize).ToList(), page, rows.Count > pageSize);
    }
}
