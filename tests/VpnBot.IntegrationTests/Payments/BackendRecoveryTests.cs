using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Payments.Stars;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>Paid while the VPN backend is down, or the process dies between "paid" and "provisioned": access arrives anyway.</summary>
public class BackendRecoveryTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_payment_while_the_backend_is_down_is_provisioned_when_it_comes_back()
    {
        var (paymentId, subscriptionId) = await PayWithStarsAsync(611);
        Assert.Equal((paymentId, true), Assert.Single(_h.Notifier.PaymentsCompleted)); // "your config is on its way"
        _h.Provisioning.FailNext(2);

        Assert.Equal(1, await _h.RunWorkerAsync());
        var task = await Task1Async(subscriptionId);
        Assert.Equal(1, task.Attempts);
        Assert.Null(task.CompletedAt);
        Assert.Contains("refused the connection", task.LastError, StringComparison.Ordinal);
        var firstDelay = task.NextAttemptAt - _h.Clock.GetUtcNow();
        Assert.InRange(firstDelay, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(10.1));
        Assert.Empty(_h.Notifier.ConfigsReady);

        Assert.Equal(0, await _h.RunWorkerAsync()); // not due yet
        _h.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await _h.RunWorkerAsync());
        task = await Task1Async(subscriptionId);
        Assert.Equal(2, task.Attempts);
        Assert.InRange(task.NextAttemptAt - _h.Clock.GetUtcNow(), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20.1));

        _h.Clock.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(1, await _h.RunWorkerAsync());
        task = await Task1Async(subscriptionId);
        Assert.NotNull(task.CompletedAt);
        var config = await _h.QueryAsync(db => db.VpnConfigs.SingleAsync(c => c.SubscriptionId == subscriptionId));
        Assert.Equal(config.Id, Assert.Single(_h.Notifier.ConfigsReady));
        Assert.Equal(config.Id, task.VpnConfigId);
        Assert.Contains(_h.Logs.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("attempt 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backend_down_for_long_keeps_being_retried_at_the_cap_and_is_logged_as_an_error()
    {
        var (_, subscriptionId) = await PayWithStarsAsync(612);
        _h.Provisioning.FailNext(100);
        for (var i = 0; i < 10; i++)
        {
            _h.Clock.Advance(TimeSpan.FromMinutes(11));
            Assert.Equal(1, await _h.RunWorkerAsync());
        }
        var task = await Task1Async(subscriptionId);
        Assert.Equal(10, task.Attempts);
        Assert.Null(task.CompletedAt);
        Assert.InRange(task.NextAttemptAt - _h.Clock.GetUtcNow(), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(10.01));
        Assert.Contains(_h.Logs.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("attempt 8", StringComparison.Ordinal));
        // The operators are alerted once, at the eighth failure, not at every retry after it.
        Assert.Equal([task.Id], _h.Alerts.FailingTasks);

        _h.Provisioning.FailNext(0);
        _h.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await _h.RunWorkerAsync());
        Assert.Single(_h.Notifier.ConfigsReady);
    }

    [Fact]
    public async Task A_crash_after_payment_and_before_provisioning_resumes_after_restart()
    {
        var (_, subscriptionId) = await PayWithStarsAsync(613);

        await _h.RestartAsync(); // the process died; the task row is all that is left
        Assert.Equal(1, await _h.RunWorkerAsync());

        Assert.NotNull((await Task1Async(subscriptionId)).CompletedAt);
        Assert.Single(_h.Notifier.ConfigsReady);
    }

    [Fact]
    public async Task A_worker_that_dies_mid_task_loses_its_lease_and_another_worker_finishes_the_task()
    {
        var (_, subscriptionId) = await PayWithStarsAsync(614);
        _h.Provisioning.Gate = new TaskCompletionSource(); // the panel call hangs
        using var dying = new CancellationTokenSource();
        var stuck = _h.Services.GetRequiredService<BackendTaskProcessor>().RunDueAsync(10, dying.Token);
        await WaitUntilAsync(async () => (await Task1Async(subscriptionId)).NextAttemptAt > _h.Clock.GetUtcNow());
        await dying.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck);
        _h.Provisioning.Gate = null;
        await _h.RestartAsync();

        Assert.Equal(0, await _h.RunWorkerAsync()); // still leased by the dead worker
        _h.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _h.RunWorkerAsync());
        Assert.Single(_h.Notifier.ConfigsReady);
    }

    [Fact]
    public async Task Tasks_of_one_subscription_run_in_order_while_other_subscriptions_proceed()
    {
        var (_, first) = await PayWithStarsAsync(615);
        var (_, second) = await PayWithStarsAsync(616);
        _h.Provisioning.FailNext(1); // the first subscription's provision fails once
        await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.ExtendAsync(first, 5, default));

        Assert.Equal(2, await _h.RunWorkerAsync()); // first's provision (fails) and second's provision; first's sync waits
        Assert.Empty(_h.Provisioning.Synced);
        Assert.Equal([second], _h.Provisioning.Provisioned);

        _h.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await _h.RunWorkerAsync()); // first's provision succeeds
        Assert.Equal(1, await _h.RunWorkerAsync()); // then its sync
        Assert.Equal(first, Assert.Single(_h.Provisioning.Synced).SubscriptionId);
    }

    [Fact]
    public async Task A_provision_for_a_subscription_that_lapsed_while_waiting_is_skipped()
    {
        var (_, subscriptionId) = await PayWithStarsAsync(617);
        await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.SuspendAsync(subscriptionId, "chargeback", default));

        Assert.Equal(1, await _h.RunWorkerAsync());

        Assert.Empty(_h.Provisioning.Provisioned);
        var task = await Task1Async(subscriptionId);
        Assert.NotNull(task.CompletedAt);
        Assert.Equal("skipped: subscription not active", task.LastError);
    }

    private async Task<(long PaymentId, long SubscriptionId)> PayWithStarsAsync(long telegramId)
    {
        var user = await _h.CreateUserAsync(telegramId);
        var plan = await _h.CreatePlanAsync(priceStars: 150);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "stars", false, default));
        var outcome = await _h.InScopeAsync<StarsPaymentHandler, PaymentOutcome>(h =>
            h.CompleteAsync(StarsPayload.For(start.PaymentId), "XTR", 150, "stx" + telegramId, default));
        Assert.Equal(PaymentOutcomeKind.Completed, outcome.Kind);
        return (start.PaymentId, outcome.SubscriptionId!.Value);
    }

    private Task<BackendTask> Task1Async(long subscriptionId) =>
        _h.QueryAsync(db => db.BackendTasks.OrderBy(t => t.Id).FirstAsync(t => t.SubscriptionId == subscriptionId));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition()) return;
            await Task.Delay(25);
        }
        throw new TimeoutException("condition not reached");
    }
}
