using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Balance;
using VpnBot.Core.Data;
using VpnBot.Core.Users;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Balance;

/// <summary>The ledger's own guarantees on real PostgreSQL: exactly once per key, never below zero, entries sum to the balance.</summary>
public class BalanceLedgerTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private long _userId;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using var db = _db.CreateContext();
        await db.Database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        var user = new User { TelegramId = 900001, FirstName = "Ann", CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        _userId = user.Id;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<BalancePosting> PostAsync(decimal amount, string key, BalanceReason reason = BalanceReason.TopUp)
    {
        await using var db = _db.CreateContext();
        return await new BalanceLedger(db, TimeProvider.System).PostAsync(new BalanceChange(_userId, amount, reason, "test", key), CancellationToken.None);
    }

    [Fact]
    public async Task A_key_posts_once_and_a_debit_beyond_the_balance_changes_nothing()
    {
        Assert.Equal(new BalancePosting(PostingStatus.Posted, 100m), await PostAsync(100m, "topup:1"));
        Assert.Equal(new BalancePosting(PostingStatus.AlreadyPosted, 100m), await PostAsync(100m, "topup:1"));
        Assert.Equal(new BalancePosting(PostingStatus.Insufficient, 100m), await PostAsync(-100.01m, "purchase:1", BalanceReason.Purchase));
        Assert.Equal(new BalancePosting(PostingStatus.Posted, 0m), await PostAsync(-100m, "purchase:2", BalanceReason.Purchase));

        await using var db = _db.CreateContext();
        var ledger = new BalanceLedger(db, TimeProvider.System);
        var page = await ledger.HistoryAsync(_userId, 0, 10, CancellationToken.None);
        Assert.Equal([-100m, 100m], page.Entries.Select(e => e.Amount));
        Assert.Equal([0m, 100m], page.Entries.Select(e => e.BalanceAfter));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task A_posting_inside_a_transaction_that_rolls_back_leaves_no_trace()
    {
        await using (var db = _db.CreateContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var posted = await new BalanceLedger(db, TimeProvider.System).PostAsync(new BalanceChange(_userId, 50m, BalanceReason.TopUp, "test", "topup:rolled-back"), CancellationToken.None);
            Assert.Equal(PostingStatus.Posted, posted.Status);
            await tx.RollbackAsync();
        }
        Assert.Equal(new BalancePosting(PostingStatus.Posted, 50m), await PostAsync(50m, "topup:rolled-back"));
    }

    [Fact]
    public async Task Concurrent_debits_never_take_the_balance_below_zero_and_the_entries_sum_to_it()
    {
        await PostAsync(1000m, "topup:seed");
        // 40 debits of 30 race for 1000: exactly 33 can be paid.
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => PostAsync(-30m, $"purchase:{i}", BalanceReason.Purchase))));
        Assert.Equal(33, results.Count(r => r.Status == PostingStatus.Posted));
        Assert.Equal(7, results.Count(r => r.Status == PostingStatus.Insufficient));

        await using var db = _db.CreateContext();
        var balance = await db.Users.Where(u => u.Id == _userId).Select(u => u.Balance).SingleAsync();
        Assert.Equal(10m, balance);
        Assert.Equal(balance, await db.BalanceEntries.Where(e => e.UserId == _userId).SumAsync(e => e.Amount));
    }

    [Fact]
    public async Task The_database_refuses_a_negative_balance_written_around_the_ledger()
    {
        await using var db = _db.CreateContext();
        var e = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync($"UPDATE users SET balance = -1 WHERE id = {_userId}"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
    }
}
