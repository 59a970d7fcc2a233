using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Data;

/// <summary>
/// One unit of work in one transaction, plus the row locks the money paths take. Locks are always
/// taken in the order payment → user → subscription, so two paths can wait on each other but never deadlock.
/// </summary>
internal static class DbTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction; when the host enables retry-on-failure the whole unit
    /// is re-run, so <paramref name="work"/> must load what it needs itself (the change tracker starts empty).
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this AppDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var result = await work(token);
            await tx.CommitAsync(token);
            return result;
        }, ct);
    }

    // xmin is listed explicitly: it is the concurrency token EF expects, and `*` does not include system columns.
    public static async Task<Payment?> LockPaymentAsync(this AppDbContext db, long id, CancellationToken ct) =>
        (await db.Payments.FromSql($"SELECT *, xmin FROM payments WHERE id = {id} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();

    public static async Task<Payment?> LockPaymentAsync(this AppDbContext db, string method, string externalId, CancellationToken ct) =>
        (await db.Payments.FromSql($"SELECT *, xmin FROM payments WHERE payment_method = {method} AND external_payment_id = {externalId} FOR UPDATE")
            .ToListAsync(ct)).SingleOrDefault();

    public static async Task<User?> LockUserAsync(this AppDbContext db, long id, CancellationToken ct) =>
        (await db.Users.FromSql($"SELECT * FROM users WHERE id = {id} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();

    public static async Task<Subscription?> LockSubscriptionAsync(this AppDbContext db, long id, CancellationToken ct) =>
        (await db.Subscriptions.FromSql($"SELECT *, xmin FROM subscriptions WHERE id = {id} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
}
