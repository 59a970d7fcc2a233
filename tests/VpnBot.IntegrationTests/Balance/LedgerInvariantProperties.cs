using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Balance;
using VpnBot.Core.Payments;
using VpnBot.IntegrationTests.Payments;

namespace VpnBot.IntegrationTests.Balance;

/// <summary>
/// The ledger's invariants under random concurrent load on real PostgreSQL, through the real paths: top-ups and
/// referral rewards as postings, plans bought from the balance through <see cref="PaymentService.PayFromBalanceAsync"/>,
/// refunds to the balance through <see cref="PaymentService.RefundToBalanceAsync"/>; each operation may be repeated
/// (a redelivery or a double press). After each random batch: every balance equals the sum of its entries, every
/// entry's balance_after is the running sum and never negative, and each cause posted at most once.
/// FsCheck prints the seed of a failing batch (replay it with Config.Replay).
/// </summary>
public class LedgerInvariantProperties : IAsyncLifetime
{
    private const int Users = 4;
    private PaymentsHarness _h = null!;
    private long[] _users = [];
    private long[] _plans = [];
    private int _batch;

    public enum Kind { TopUp, Purchase, Refund, Reward }

    /// <param name="Target">Which earlier purchase a refund refers to (by its op index in the batch).</param>
    public sealed record Op(Kind Kind, int User, int Amount, int Target, bool Twice);

    public async Task InitializeAsync()
    {
        _h = await PaymentsHarness.StartAsync();
        _users = new long[Users];
        for (var i = 0; i < Users; i++) _users[i] = (await _h.CreateUserAsync(950_000 + i)).Id;
        _plans = [(await _h.CreatePlanAsync(price: 99m)).Id, (await _h.CreatePlanAsync(price: 299m)).Id];
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public void Random_concurrent_top_ups_purchases_refunds_and_rewards_keep_every_balance_equal_to_its_ledger_and_never_negative()
    {
        var op = from kind in Gen.Frequency((3, Gen.Constant(Kind.TopUp)), (4, Gen.Constant(Kind.Purchase)), (2, Gen.Constant(Kind.Refund)), (1, Gen.Constant(Kind.Reward)))
                 from user in Gen.Choose(0, Users - 1)
                 from amount in Gen.Choose(1, 400)
                 from target in Gen.Choose(0, 199)
                 from twice in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
                 select new Op(kind, user, amount, target, twice);
        var batches = Gen.ArrayOf(op, 200).ToArbitrary();
        var operations = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(15), Prop.ForAll(batches, ops =>
        {
            operations += ops.Length;
            Task.Run(() => RunBatchAsync(ops)).GetAwaiter().GetResult();
            return true; // the checks inside throw with what broke
        }));
        Assert.True(operations >= 3000, $"only {operations} operations were tried");
    }

    private async Task RunBatchAsync(Op[] ops)
    {
        var batch = Interlocked.Increment(ref _batch);
        using var gate = new SemaphoreSlim(12);
        var work = ops.SelectMany((o, i) => o.Twice ? [(o, i), (o, i)] : new[] { (o, i) })
            .OrderBy(_ => Random.Shared.Next())
            .Select(async x =>
            {
                await gate.WaitAsync();
                try { await RunAsync(batch, x.i, x.o, ops); }
                finally { gate.Release(); }
            });
        await Task.WhenAll(work);
        await CheckInvariantsAsync();
    }

    private async Task RunAsync(int batch, int index, Op op, Op[] ops)
    {
        var userId = _users[op.User];
        switch (op.Kind)
        {
            case Kind.TopUp:
            case Kind.Reward:
                var reason = op.Kind == Kind.TopUp ? BalanceReason.TopUp : BalanceReason.ReferralReward;
                await _h.InScopeAsync<BalanceLedger, BalancePosting>(l => l.PostAsync(
                    new BalanceChange(userId, op.Amount + 0.5m, reason, "property", $"{reason}:{batch}:{index}"), default));
                break;
            case Kind.Purchase:
                try
                {
                    await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.PayFromBalanceAsync(
                        new CheckoutRequest(userId, _plans[op.Amount % 2], PaymentMethods.Balance), $"{batch}:{index}", default));
                }
                catch (PaymentException e) when (e.Error == PaymentError.InsufficientBalance) { }
                break;
            case Kind.Refund:
                var target = op.Target % ops.Length;
                if (ops[target].Kind != Kind.Purchase) break;
                var key = $"{_users[ops[target].User]}:{batch}:{target}";
                var payment = await _h.QueryAsync(db => db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.PaymentMethod == PaymentMethods.Balance && p.ExternalPaymentId == key));
                if (payment is not null)
                    await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundToBalanceAsync(payment.Id, payment.FromBalance, null, "property", default));
                break;
        }
    }

    private async Task CheckInvariantsAsync()
    {
        await using var db = _h.Db.CreateContext();
        foreach (var userId in _users)
        {
            var balance = await db.Users.Where(u => u.Id == userId).Select(u => u.Balance).SingleAsync();
            var entries = await db.BalanceEntries.Where(e => e.UserId == userId).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(balance, entries.Sum(e => e.Amount));
            var running = 0m;
            foreach (var e in entries)
            {
                running += e.Amount;
                Assert.True(e.BalanceAfter == running, $"entry {e.Id} ({e.Key}) says {e.BalanceAfter}, the entries before it sum to {running}");
                Assert.True(e.BalanceAfter >= 0, $"entry {e.Id} ({e.Key}) took user {userId} to {e.BalanceAfter}");
            }
        }
        // Exactly once: one debit per completed-or-refunded balance purchase, one credit per refund.
        var purchases = await db.Payments.Where(p => p.PaymentMethod == PaymentMethods.Balance).ToListAsync();
        Assert.All(purchases, p => Assert.Equal(p.Status == PaymentStatus.Refunded ? PaymentStatus.Refunded : PaymentStatus.Completed, p.Status));
        Assert.Equal(purchases.Count, await db.BalanceEntries.CountAsync(e => e.Reason == BalanceReason.Purchase));
        Assert.Equal(purchases.Count(p => p.Status == PaymentStatus.Refunded), await db.BalanceEntries.CountAsync(e => e.Reason == BalanceReason.Refund));
        Assert.Equal(purchases.Sum(p => p.FromBalance), -await db.BalanceEntries.Where(e => e.Reason == BalanceReason.Purchase).SumAsync(e => e.Amount));
    }
}
