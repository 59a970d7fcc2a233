using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.IntegrationTests.Payments;
using VpnBot.Payments.Stars;

namespace VpnBot.IntegrationTests.Subscriptions;

/// <summary>Win-back after a lapse: real PostgreSQL, a shiftable clock, the notifier recorded.</summary>
public class WinBackTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_lapse_gets_the_day_of_expiry_the_three_day_and_the_seven_day_message_once_each()
    {
        var user = await _h.CreateUserAsync(1001);
        var subscription = await PayAsync(user.Id, "wb1001");
        var expiry = subscription.ExpiresAt!.Value;

        _h.Clock.SetUtcNow(expiry.AddHours(-1));
        Assert.Equal(0, await SendDueAsync()); // still running
        await LapseAsync(expiry.AddMinutes(5));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        var today = Assert.Single(WinBacks());
        Assert.Equal((user.Id, NoticeKeys.WinBackToday), (today.UserId, today.Key));
        Assert.Equal([subscription.Id, 0, subscription.PlanId!.Value, ""], today.Args);

        _h.Clock.SetUtcNow(expiry.AddDays(3).AddMinutes(-1));
        Assert.Equal(0, await SendDueAsync());
        _h.Clock.SetUtcNow(expiry.AddDays(3).AddMinutes(1));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal((NoticeKeys.WinBack, 3), (WinBacks()[1].Key, (int)WinBacks()[1].Args[1]));

        _h.Clock.SetUtcNow(expiry.AddDays(7).AddHours(2));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal((NoticeKeys.WinBack, 7), (WinBacks()[2].Key, (int)WinBacks()[2].Args[1]));

        _h.Clock.SetUtcNow(expiry.AddDays(30));
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal(3, WinBacks().Count);
        var stored = await Reload(subscription.Id);
        Assert.Equal((expiry, 7, (DateTimeOffset?)null), (stored.WinBackForExpiry, stored.WinBackDaysAfter, stored.WinBackClaimedAt));
    }

    [Fact]
    public async Task Paying_after_the_first_message_stops_the_rest_and_the_next_lapse_starts_afresh()
    {
        var user = await _h.CreateUserAsync(1002);
        var subscription = await PayAsync(user.Id, "wb1002a");
        var expiry = subscription.ExpiresAt!.Value;
        await LapseAsync(expiry.AddHours(1));
        Assert.Equal(1, await SendDueAsync());

        var renewed = await PayAsync(user.Id, "wb1002b"); // a new period from now
        Assert.Equal(subscription.Id, renewed.Id);
        _h.Clock.SetUtcNow(expiry.AddDays(3.5));
        Assert.Equal(0, await SendDueAsync());
        _h.Clock.SetUtcNow(expiry.AddDays(7.5));
        Assert.Equal(0, await SendDueAsync());
        Assert.Single(WinBacks());

        // The new period lapses in its turn: its own day-of-expiry message.
        await LapseAsync(renewed.ExpiresAt!.Value.AddHours(1));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(NoticeKeys.WinBackToday, WinBacks()[1].Key);
    }

    [Fact]
    public async Task A_job_that_was_down_sends_only_the_stage_due_now_and_a_lapse_from_long_ago_gets_nothing()
    {
        var recent = await PayAsync((await _h.CreateUserAsync(1003)).Id, "wb1003");
        await LapseAsync(recent.ExpiresAt!.Value.AddDays(4));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal((NoticeKeys.WinBack, 3), (Assert.Single(WinBacks()).Key, (int)WinBacks()[0].Args[1]));

        var old = await PayAsync((await _h.CreateUserAsync(1004)).Id, "wb1004");
        await LapseAsync(old.ExpiresAt!.Value.AddDays(12)); // past the last stage's window (7 + 4 days)
        Assert.Equal(0, await SendDueAsync());
    }

    [Fact]
    public async Task The_last_message_carries_the_offers_code_and_the_offer_is_asked_only_for_it()
    {
        var user = await _h.CreateUserAsync(1005);
        var subscription = await PayAsync(user.Id, "wb1005");
        var offer = new RecordingOffer("BACK-1005");
        await LapseAsync(subscription.ExpiresAt!.Value.AddMinutes(1));
        Assert.Equal(1, await SendDueAsync(offer));
        _h.Clock.SetUtcNow(subscription.ExpiresAt!.Value.AddDays(3.1));
        Assert.Equal(1, await SendDueAsync(offer));
        Assert.Empty(offer.Asked);

        _h.Clock.SetUtcNow(subscription.ExpiresAt!.Value.AddDays(7.1));
        Assert.Equal(1, await SendDueAsync(offer));
        var last = WinBacks()[2];
        Assert.Equal(NoticeKeys.WinBackOffer, last.Key);
        Assert.Equal("BACK-1005", last.Args[3]);
        Assert.Equal(new WinBackLapse(user.Id, subscription.Id, subscription.ExpiresAt!.Value), Assert.Single(offer.Asked));
    }

    [Fact]
    public async Task A_run_that_dies_between_claim_and_send_leaves_a_lease_the_next_run_takes_over_once_it_lapses()
    {
        var user = await _h.CreateUserAsync(1006);
        var subscription = await PayAsync(user.Id, "wb1006");
        await LapseAsync(subscription.ExpiresAt!.Value.AddHours(2));

        _h.Notifier.FailNotice = _ => new OperationCanceledException("the host is going down");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendDueAsync());
        _h.Notifier.FailNotice = null;
        Assert.Empty(WinBacks());
        var claimed = await Reload(subscription.Id);
        Assert.NotNull(claimed.WinBackClaimedAt);
        Assert.Null(claimed.WinBackForExpiry); // not counted as sent

        Assert.Equal(0, await SendDueAsync()); // the lease may still belong to a live sender
        _h.Clock.Advance(ExpiryReminders.ClaimLease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal(subscription.Id, (long)Assert.Single(WinBacks()).Args[0]);
        var sent = await Reload(subscription.Id);
        Assert.Null(sent.WinBackClaimedAt);
        Assert.Equal((subscription.ExpiresAt, 0), (sent.WinBackForExpiry, sent.WinBackDaysAfter));
    }

    [Fact]
    public async Task Ten_overlapping_runs_send_each_message_once()
    {
        var subscriptions = new List<Subscription>();
        for (var i = 0; i < 5; i++)
            subscriptions.Add(await PayAsync((await _h.CreateUserAsync(1010 + i)).Id, $"wb101{i}"));
        await LapseAsync(subscriptions.Max(s => s.ExpiresAt!.Value).AddHours(1));

        var sent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => SendDueAsync())));

        Assert.Equal(5, sent.Sum());
        Assert.Equal(subscriptions.Select(s => s.Id).Order(), WinBacks().Select(r => (long)r.Args[0]).Order());
    }

    [Fact]
    public async Task A_banned_customer_or_one_with_another_running_subscription_is_not_invited_back()
    {
        var banned = await _h.CreateUserAsync(1020);
        var bannedSubscription = await PayAsync(banned.Id, "wb1020");
        await _h.QueryAsync(db => db.Users.Where(u => u.Id == banned.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsBanned, true)));
        var covered = await _h.CreateUserAsync(1021);
        var coveredSubscription = await PayAsync(covered.Id, "wb1021");
        await LapseAsync(coveredSubscription.ExpiresAt!.Value.AddHours(1));
        await _h.QueryAsync(async db =>
        {
            var now = _h.Clock.GetUtcNow();
            db.Subscriptions.Add(new Subscription { UserId = covered.Id, Status = SubscriptionStatus.Active, StartedAt = now, ExpiresAt = now.AddDays(10), CreatedAt = now, UpdatedAt = now });
            return await db.SaveChangesAsync();
        });

        Assert.Equal(0, await SendDueAsync());
        Assert.Empty(WinBacks());
        Assert.Equal(SubscriptionStatus.Expired, (await Reload(bannedSubscription.Id)).Status);
    }

    [Fact]
    public async Task One_pass_in_small_batches_sends_everything_due_once_for_win_back_and_for_reminders()
    {
        var lapsed = new List<Subscription>();
        for (var i = 0; i < 5; i++)
            lapsed.Add(await PayAsync((await _h.CreateUserAsync(1030 + i)).Id, $"wb103{i}"));
        await LapseAsync(lapsed.Max(s => s.ExpiresAt!.Value).AddHours(1));
        Assert.Equal(5, await _h.InScopeAsync<WinBackMessages, int>(w => w.RunPassAsync(2, default)));
        Assert.Equal(0, await _h.InScopeAsync<WinBackMessages, int>(w => w.RunPassAsync(2, default)));

        var running = new List<Subscription>();
        for (var i = 0; i < 5; i++)
            running.Add(await PayAsync((await _h.CreateUserAsync(1040 + i)).Id, $"wb104{i}"));
        _h.Clock.SetUtcNow(running.Max(s => s.ExpiresAt!.Value).AddDays(-2));
        Assert.Equal(5, await _h.InScopeAsync<ExpiryReminders, int>(r => r.RunPassAsync(2, default)));
        Assert.Equal(0, await _h.InScopeAsync<ExpiryReminders, int>(r => r.RunPassAsync(2, default)));

        Assert.Equal(lapsed.Select(s => s.Id).Order(), WinBacks().Select(r => (long)r.Args[0]).Order());
        Assert.Equal(running.Select(s => s.Id).Order(),
            _h.Notifier.Notices.Where(n => n.Key == NoticeKeys.SubscriptionExpiresSoon).Select(n => (long)n.Args[0]).Order());
    }

    private sealed class RecordingOffer(string code) : IWinBackOffer
    {
        public List<WinBackLapse> Asked { get; } = [];

        public Task<string?> CodeForAsync(WinBackLapse lapse, CancellationToken ct)
        {
            Asked.Add(lapse);
            return Task.FromResult<string?>(code);
        }
    }

    /// <summary>Moves time to <paramref name="at"/> and runs the expiry job, as the minutely job would have.</summary>
    private async Task LapseAsync(DateTimeOffset at)
    {
        _h.Clock.SetUtcNow(at);
        while (await _h.InScopeAsync<SubscriptionService, int>(s => s.ExpireDueAsync(100, default)) > 0) { }
    }

    private Task<int> SendDueAsync(IWinBackOffer? offer = null) => _h.InScopeAsync(sp =>
        (offer is null ? sp.GetRequiredService<WinBackMessages>() : ActivatorUtilities.CreateInstance<WinBackMessages>(sp, offer)).SendDueAsync(100, default));

    private List<(long UserId, string Key, IReadOnlyList<object> Args)> WinBacks() =>
        [.. _h.Notifier.Notices.Where(n => n.Key is NoticeKeys.WinBackToday or NoticeKeys.WinBack or NoticeKeys.WinBackOffer)];

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
