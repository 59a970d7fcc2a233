using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.IntegrationTests.Payments;
using VpnBot.Payments.Stars;

namespace VpnBot.IntegrationTests.Subscriptions;

/// <summary>Reminders before access ends: real PostgreSQL, a shiftable clock, the notifier recorded.</summary>
public class ExpiryReminderTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_paid_month_is_reminded_three_days_and_one_day_before_it_ends_once_each()
    {
        var user = await _h.CreateUserAsync(901);
        var subscription = await PayAsync(user.Id, "rem901");
        var expiry = subscription.ExpiresAt!.Value;

        _h.Clock.SetUtcNow(expiry.AddDays(-3).AddHours(-1));
        Assert.Equal(0, await SendDueAsync());

        _h.Clock.SetUtcNow(expiry.AddDays(-3).AddHours(1));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        var first = Assert.Single(Reminders());
        Assert.Equal((user.Id, NoticeKeys.SubscriptionExpiresSoon), (first.UserId, first.Key));
        Assert.Equal([subscription.Id, expiry.UtcDateTime, 3], first.Args);

        _h.Clock.SetUtcNow(expiry.AddDays(-1).AddMinutes(-1));
        Assert.Equal(0, await SendDueAsync());
        _h.Clock.SetUtcNow(expiry.AddHours(-20));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal([subscription.Id, expiry.UtcDateTime, 1], Reminders()[1].Args);

        var stored = await Reload(subscription.Id);
        Assert.Equal((expiry, 1), (stored.RemindedForExpiry, stored.RemindedDaysBefore));
    }

    [Fact]
    public async Task Renewing_after_a_reminder_starts_the_new_periods_reminders_afresh_and_not_at_once()
    {
        var user = await _h.CreateUserAsync(902);
        var subscription = await PayAsync(user.Id, "rem902a");
        var expiry = subscription.ExpiresAt!.Value;
        _h.Clock.SetUtcNow(expiry.AddDays(-2));
        Assert.Equal(1, await SendDueAsync());

        await _h.QueryAsync(db => db.Subscriptions.Where(s => s.Id == subscription.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.TrafficUsedGb, 12.5m)));
        var renewed = await PayAsync(user.Id, "rem902b");
        Assert.Equal(0m, renewed.TrafficUsedGb);
        Assert.Equal(expiry.AddDays(30), renewed.ExpiresAt);
        // The renewal also starts a new traffic period (the panel's counter is reset on the next sync).
        Assert.True(renewed.TrafficPeriodStartedAt > subscription.TrafficPeriodStartedAt);
        Assert.Equal(0, await SendDueAsync());

        _h.Clock.SetUtcNow(renewed.ExpiresAt!.Value.AddDays(-2.5));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(renewed.ExpiresAt!.Value.UtcDateTime, Reminders()[1].Args[1]);
    }

    [Fact]
    public async Task A_job_that_was_down_through_both_windows_sends_one_reminder_not_two()
    {
        var user = await _h.CreateUserAsync(903);
        var subscription = await PayAsync(user.Id, "rem903");
        _h.Clock.SetUtcNow(subscription.ExpiresAt!.Value.AddHours(-5));

        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal(1, Assert.Single(Reminders()).Args[2]);
    }

    [Fact]
    public async Task A_three_day_trial_skips_the_three_day_reminder_and_gets_the_one_day_one()
    {
        var user = await _h.CreateUserAsync(904);
        var trial = await _h.InScopeAsync<SubscriptionService, TrialResult>(s => s.StartTrialAsync(user.Id, default));
        Assert.Equal(TrialStatus.Started, trial.Status);

        Assert.Equal(0, await SendDueAsync());
        _h.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await SendDueAsync());
        _h.Clock.Advance(TimeSpan.FromDays(1.5));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(1, Assert.Single(Reminders()).Args[2]);
    }

    [Fact]
    public async Task With_auto_renewal_and_a_saved_card_the_customer_is_told_it_renews_by_itself()
    {
        var user = await _h.CreateUserAsync(905);
        var subscription = await PayAsync(user.Id, "rem905");
        await _h.QueryAsync(async db =>
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.SavedPaymentMethodId, "pm-905"));
            return await db.Subscriptions.Where(s => s.Id == subscription.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.AutoRenewal, true));
        });
        _h.Clock.SetUtcNow(subscription.ExpiresAt!.Value.AddDays(-2));

        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(NoticeKeys.SubscriptionRenewsSoon, Assert.Single(Reminders()).Key);
    }

    [Fact]
    public async Task Expired_suspended_and_unpaid_subscriptions_get_no_reminder()
    {
        var user = await _h.CreateUserAsync(906);
        var subscription = await PayAsync(user.Id, "rem906");
        await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.SuspendAsync(subscription.Id, "test", default));
        _h.Clock.SetUtcNow(subscription.ExpiresAt!.Value.AddDays(-2));

        Assert.Equal(0, await SendDueAsync());
        Assert.Empty(Reminders());
    }

    [Fact]
    public async Task Ten_overlapping_runs_send_each_reminder_once()
    {
        var subscriptions = new List<Subscription>();
        for (var i = 0; i < 5; i++)
            subscriptions.Add(await PayAsync((await _h.CreateUserAsync(910 + i)).Id, $"rem91{i}"));
        _h.Clock.SetUtcNow(subscriptions.Max(s => s.ExpiresAt!.Value).AddDays(-2));

        var sent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(SendDueAsync)));

        Assert.Equal(5, sent.Sum());
        Assert.Equal(subscriptions.Select(s => s.Id).Order(), Reminders().Select(r => (long)r.Args[0]).Order());
    }

    [Fact]
    public async Task Batches_are_respected_and_the_rest_follow_on_the_next_call()
    {
        var subscriptions = new List<Subscription>();
        for (var i = 0; i < 3; i++)
            subscriptions.Add(await PayAsync((await _h.CreateUserAsync(920 + i)).Id, $"rem92{i}"));
        _h.Clock.SetUtcNow(subscriptions.Max(s => s.ExpiresAt!.Value).AddDays(-2));

        Assert.Equal(2, await _h.InScopeAsync<ExpiryReminders, int>(r => r.SendDueAsync(2, default)));
        Assert.Equal(1, await _h.InScopeAsync<ExpiryReminders, int>(r => r.SendDueAsync(2, default)));
        Assert.Equal(0, await SendDueAsync());
    }

    [Fact]
    public async Task A_run_that_dies_between_claim_and_send_leaves_a_lease_the_next_run_takes_over_once_it_lapses()
    {
        var user = await _h.CreateUserAsync(930);
        var subscription = await PayAsync(user.Id, "rem930");
        _h.Clock.SetUtcNow(subscription.ExpiresAt!.Value.AddDays(-2));

        // The process stops after the claim was written and before the message went out (a shutdown or a kill).
        _h.Notifier.FailNotice = _ => new OperationCanceledException("the host is going down");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(SendDueAsync);
        _h.Notifier.FailNotice = null;
        Assert.Empty(Reminders());
        var claimed = await Reload(subscription.Id);
        Assert.NotNull(claimed.ReminderClaimedAt);
        Assert.Null(claimed.RemindedForExpiry); // not counted as sent

        // Another run while the lease may still belong to a live sender leaves it alone.
        Assert.Equal(0, await SendDueAsync());
        _h.Clock.Advance(ExpiryReminders.ClaimLease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal(subscription.Id, (long)Assert.Single(Reminders()).Args[0]);
        var sent = await Reload(subscription.Id);
        Assert.Null(sent.ReminderClaimedAt);
        Assert.Equal(subscription.ExpiresAt, sent.RemindedForExpiry);
    }

    private Task<int> SendDueAsync() => _h.InScopeAsync<ExpiryReminders, int>(r => r.SendDueAsync(100, default));

    private List<(long UserId, string Key, IReadOnlyList<object> Args)> Reminders() =>
        [.. _h.Notifier.Notices.Where(n => n.Key is NoticeKeys.SubscriptionExpiresSoon or NoticeKeys.SubscriptionRenewsSoon)];

    private async Task<Subscription> PayAsync(long userId, string chargeId)
    {
        var plan = await _h.CreatePlanAsync(days: 30);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(userId, plan.Id, "stars", false, default));
        var outcome = await _h.InScopeAsync<StarsPaymentHandler, PaymentOutcome>(h => h.CompleteAsync(StarsPayload.For(start.PaymentId), "XTR", 150, chargeId, default));
        Assert.Equal(PaymentOutcomeKind.Completed, outcome.Kind);
        return await Reload(outcome.SubscriptionId!.Value);
    }

    private Task<Subscription> Reload(long id) => _h.QueryAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == id));
}
