using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Payments.Stars;

namespace VpnBot.IntegrationTests.Payments;

public class SubscriptionLifecycleTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Buying_while_active_extends_from_the_current_expiry_not_from_now()
    {
        var user = await _h.CreateUserAsync(811);
        var plan = await _h.CreatePlanAsync(days: 30);
        var first = await PayAsync(user.Id, plan.Id, "stx811a");
        var expiry = first.ExpiresAt!.Value;
        await _h.RunWorkerAsync();

        _h.Clock.Advance(TimeSpan.FromDays(10));
        var second = await PayAsync(user.Id, plan.Id, "stx811b");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(expiry.AddDays(30), second.ExpiresAt);
        var task = await _h.QueryAsync(db => db.BackendTasks.OrderByDescending(t => t.Id).FirstAsync());
        Assert.Equal(BackendTaskKind.Sync, task.Kind); // a config exists: update its expiry, do not create another
        Assert.Equal((await _h.QueryAsync(db => db.Payments.OrderByDescending(p => p.Id).FirstAsync())).Id, Assert.Single(_h.Notifier.PaymentsCompleted, n => !n.ConfigPending).PaymentId);

        // After it lapsed, a purchase starts from the moment of payment.
        _h.Clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(1, await _h.InScopeAsync<SubscriptionService, int>(s => s.ExpireDueAsync(10, default)));
        var third = await PayAsync(user.Id, plan.Id, "stx811c");
        var paidAt = (await _h.QueryAsync(db => db.Payments.OrderByDescending(p => p.Id).FirstAsync())).PaidAt!.Value;
        Assert.Equal(paidAt.AddDays(30), third.ExpiresAt);
        Assert.Equal(paidAt, third.StartedAt);
    }

    [Fact]
    public async Task Ten_concurrent_extensions_of_one_subscription_all_count()
    {
        var user = await _h.CreateUserAsync(812);
        var plan = await _h.CreatePlanAsync(days: 30);
        var subscription = await PayAsync(user.Id, plan.Id, "stx812");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.ExtendAsync(subscription.Id, 1, default)))));

        Assert.Equal(subscription.ExpiresAt!.Value.AddDays(10), (await Reload(subscription.Id)).ExpiresAt);
    }

    [Fact]
    public async Task The_trial_is_granted_once_per_account_even_under_concurrent_requests()
    {
        var user = await _h.CreateUserAsync(813);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            _h.InScopeAsync<SubscriptionService, TrialResult>(s => s.StartTrialAsync(user.Id, default)))));

        var started = Assert.Single(results, r => r.Status == TrialStatus.Started);
        Assert.All(results.Where(r => r != started), r => Assert.Equal(TrialStatus.AlreadyUsed, r.Status));
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == user.Id));
        Assert.True(subscription.IsTrial);
        Assert.Equal(subscription.StartedAt!.Value.AddDays(3), subscription.ExpiresAt);
        Assert.True((await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).TrialUsed);
        Assert.Equal(BackendTaskKind.Provision, (await _h.QueryAsync(db => db.BackendTasks.SingleAsync())).Kind);

        // Expired trial: still no second one.
        _h.Clock.Advance(TimeSpan.FromDays(4));
        await _h.InScopeAsync<SubscriptionService, int>(s => s.ExpireDueAsync(10, default));
        Assert.Equal(TrialStatus.AlreadyUsed, (await _h.InScopeAsync<SubscriptionService, TrialResult>(s => s.StartTrialAsync(user.Id, default))).Status);
    }

    [Fact]
    public async Task A_paying_customer_gets_no_trial_and_a_trial_user_who_pays_keeps_the_same_subscription()
    {
        var payer = await _h.CreateUserAsync(814);
        var plan = await _h.CreatePlanAsync(days: 30);
        await PayAsync(payer.Id, plan.Id, "stx814");
        Assert.Equal(TrialStatus.HasActiveSubscription, (await _h.InScopeAsync<SubscriptionService, TrialResult>(s => s.StartTrialAsync(payer.Id, default))).Status);
        Assert.False((await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == payer.Id))).TrialUsed);

        var trialist = await _h.CreateUserAsync(815);
        var trial = await _h.InScopeAsync<SubscriptionService, TrialResult>(s => s.StartTrialAsync(trialist.Id, default));
        var trialExpiry = (await Reload(trial.SubscriptionId!.Value)).ExpiresAt!.Value;
        var paid = await PayAsync(trialist.Id, plan.Id, "stx815");
        Assert.Equal(trial.SubscriptionId, paid.Id);
        Assert.False(paid.IsTrial);
        Assert.Equal(trialExpiry.AddDays(30), paid.ExpiresAt);
    }

    [Fact]
    public async Task Suspension_disables_without_deleting_and_survives_a_payment_until_resumed()
    {
        var user = await _h.CreateUserAsync(816);
        var plan = await _h.CreatePlanAsync(days: 30);
        var subscription = await PayAsync(user.Id, plan.Id, "stx816a");
        await _h.RunWorkerAsync();

        var suspended = await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.SuspendAsync(subscription.Id, "chargeback", default));
        Assert.Equal((SubscriptionStatus.Suspended, BackendTaskKind.Sync), (suspended.Status, suspended.Mirror.Kind));
        await _h.RunWorkerAsync();
        Assert.Equal(SubscriptionStatus.Suspended, _h.Provisioning.Synced.Last().Status);
        Assert.True(await _h.QueryAsync(db => db.VpnConfigs.AnyAsync(c => c.SubscriptionId == subscription.Id && c.IsActive)));

        var afterPayment = await PayAsync(user.Id, plan.Id, "stx816b");
        Assert.Equal(SubscriptionStatus.Suspended, afterPayment.Status);
        Assert.Equal(subscription.ExpiresAt!.Value.AddDays(30), afterPayment.ExpiresAt);

        var resumed = await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.ResumeAsync(subscription.Id, default));
        Assert.Equal(SubscriptionStatus.Active, resumed.Status);
        await _h.RunWorkerAsync();
        Assert.Equal(SubscriptionStatus.Active, _h.Provisioning.Synced.Last().Status);
    }

    [Fact]
    public async Task Expiry_runs_in_batches_disables_configs_and_tells_the_customers()
    {
        var plan = await _h.CreatePlanAsync(days: 30);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var user = await _h.CreateUserAsync(820 + i);
            ids.Add((await PayAsync(user.Id, plan.Id, $"stx82{i}")).Id);
        }
        await _h.RunWorkerAsync();
        var active = await _h.CreateUserAsync(830);
        _h.Clock.Advance(TimeSpan.FromDays(29));
        var stillActive = await PayAsync(active.Id, plan.Id, "stx830");
        _h.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var counts = new List<int>();
        for (var n = 0; n < 4; n++) counts.Add(await _h.InScopeAsync<SubscriptionService, int>(s => s.ExpireDueAsync(2, default)));

        Assert.Equal([2, 2, 1, 0], counts);
        Assert.All(await _h.QueryAsync(db => db.Subscriptions.Where(s => ids.Contains(s.Id)).ToListAsync()), s => Assert.Equal(SubscriptionStatus.Expired, s.Status));
        Assert.Equal(SubscriptionStatus.Active, (await Reload(stillActive.Id)).Status);
        Assert.Equal(5, _h.Notifier.Notices.Count(n => n.Key == "subscription.expired"));
        await _h.RunWorkerAsync();
        Assert.Equal(5, _h.Provisioning.Synced.Count(x => x.Status == SubscriptionStatus.Expired));
    }

    [Fact]
    public async Task An_admin_gift_creates_a_subscription_or_extends_the_current_one()
    {
        var user = await _h.CreateUserAsync(833);

        var created = await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.GrantAsync(user.Id, 7, null, default));
        Assert.Equal((SubscriptionStatus.Active, BackendTaskKind.Provision, true), (created.Status, created.Mirror.Kind, created.Mirror.ConfigPending));
        var expiry = (await Reload(created.SubscriptionId)).ExpiresAt!.Value;

        var extended = await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.GrantAsync(user.Id, 3, null, default));
        Assert.Equal(created.SubscriptionId, extended.SubscriptionId);
        Assert.Equal(expiry.AddDays(3), (await Reload(created.SubscriptionId)).ExpiresAt);
        Assert.Equal(BackendTaskKind.Sync, extended.Mirror.Kind); // queued behind the pending provision

        var shortened = await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.ShortenAsync(created.SubscriptionId, 30, default));
        Assert.Equal(SubscriptionStatus.Expired, shortened.Status);
        await Assert.ThrowsAsync<SubscriptionNotFoundException>(() =>
            _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.ExtendAsync(987654, 1, default)));
    }

    [Fact]
    public async Task Auto_renewal_needs_a_saved_card_and_turning_it_off_forgets_the_card()
    {
        var user = await _h.CreateUserAsync(831);
        var plan = await _h.CreatePlanAsync(days: 30);
        var subscription = await PayAsync(user.Id, plan.Id, "stx831");

        Assert.Equal(AutoRenewalStatus.NeedsSavedPaymentMethod,
            await _h.InScopeAsync<SubscriptionService, AutoRenewalStatus>(s => s.SetAutoRenewalAsync(user.Id, subscription.Id, true, default)));
        await using (var db = _h.Db.CreateContext())
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.SavedPaymentMethodId, "pm-1"));
        Assert.Equal(AutoRenewalStatus.Enabled,
            await _h.InScopeAsync<SubscriptionService, AutoRenewalStatus>(s => s.SetAutoRenewalAsync(user.Id, subscription.Id, true, default)));
        Assert.True((await Reload(subscription.Id)).AutoRenewal);

        var other = await _h.CreateUserAsync(832);
        await Assert.ThrowsAsync<SubscriptionNotFoundException>(() =>
            _h.InScopeAsync<SubscriptionService, AutoRenewalStatus>(s => s.SetAutoRenewalAsync(other.Id, subscription.Id, false, default)));

        Assert.Equal(AutoRenewalStatus.Disabled,
            await _h.InScopeAsync<SubscriptionService, AutoRenewalStatus>(s => s.SetAutoRenewalAsync(user.Id, subscription.Id, false, default)));
        Assert.Null((await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).SavedPaymentMethodId);
    }

    private async Task<Subscription> PayAsync(long userId, long planId, string chargeId)
    {
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(userId, planId, "stars", false, default));
        var outcome = await _h.InScopeAsync<StarsPaymentHandler, PaymentOutcome>(h => h.CompleteAsync(StarsPayload.For(start.PaymentId), "XTR", 150, chargeId, default));
        Assert.Equal(PaymentOutcomeKind.Completed, outcome.Kind);
        return await Reload(outcome.SubscriptionId!.Value);
    }

    private Task<Subscription> Reload(long id) => _h.QueryAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == id));
}
