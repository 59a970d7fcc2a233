using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Payments.Webhooks;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>Auto-renewal with a saved YooKassa card: charged at most once per period, whatever fails in between.</summary>
public class RenewalTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_due_renewal_charges_the_saved_card_once_and_extends_from_the_expiry()
    {
        var (userId, subscriptionId, expiresAt, savedMethod) = await SubscribedWithSavedCardAsync(911);
        Assert.Equal(RenewalStatus.NotDue, (await ChargeAsync(subscriptionId)).Status);
        Assert.Empty(await DueAsync());

        _h.Clock.Advance(TimeSpan.FromDays(29.5));
        Assert.Equal([subscriptionId], await DueAsync());
        var result = await ChargeAsync(subscriptionId);

        Assert.Equal(RenewalStatus.Charged, result.Status);
        var renewal = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == result.PaymentId));
        Assert.True(renewal.IsRenewal);
        Assert.Equal(PaymentStatus.Completed, renewal.Status);
        var sent = _h.YooKassa.CreateRequestOf(renewal.ExternalPaymentId!)!;
        Assert.Equal(savedMethod, (string)sent["payment_method_id"]!);
        Assert.Null(sent["confirmation"]);
        Assert.Equal("true", (string)sent["metadata"]!["renewal"]!);
        Assert.Equal(expiresAt.AddDays(30), (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscriptionId))).ExpiresAt);

        // Next run, and YooKassa's own notification for the charge: nothing more.
        Assert.Equal(RenewalStatus.NotDue, (await ChargeAsync(subscriptionId)).Status);
        var body = Encoding.UTF8.GetBytes(_h.YooKassa.NotificationBody("payment.succeeded", renewal.ExternalPaymentId!));
        Assert.Equal(200, (await _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(PaymentsHarness.YooKassaIp, body, default))).StatusCode);
        Assert.Equal(expiresAt.AddDays(30), (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscriptionId))).ExpiresAt);
        Assert.Equal(2, _h.YooKassa.PaymentCount);
        Assert.Equal(2, _h.Notifier.PaymentsCompleted.Count);
        Assert.Empty(await DueAsync());
        Assert.Equal(userId, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == result.PaymentId))).UserId);
    }

    [Fact]
    public async Task A_lost_answer_is_retried_with_the_same_idempotence_key_and_charges_once()
    {
        var (_, subscriptionId, expiresAt, _) = await SubscribedWithSavedCardAsync(912);
        _h.Clock.Advance(TimeSpan.FromDays(29.5));
        _h.YooKassa.FailNextResponsesAfterProcessing(1); // YooKassa charged, the answer got lost

        var result = await ChargeAsync(subscriptionId);

        Assert.Equal(RenewalStatus.Charged, result.Status);
        var attempts = RenewalRequests();
        Assert.Equal(2, attempts.Count);
        Assert.Single(attempts.Select(a => a.IdempotenceKey).Distinct());
        Assert.Equal(2, _h.YooKassa.PaymentCount);
        Assert.Equal(expiresAt.AddDays(30), (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscriptionId))).ExpiresAt);
    }

    [Fact]
    public async Task A_charge_whose_every_answer_was_lost_is_finished_by_the_next_run_without_a_second_charge()
    {
        var (_, subscriptionId, expiresAt, _) = await SubscribedWithSavedCardAsync(913);
        _h.Clock.Advance(TimeSpan.FromDays(29.5));
        _h.YooKassa.FailNextResponsesAfterProcessing(3); // all three attempts of this run

        var first = await ChargeAsync(subscriptionId);
        Assert.Equal(RenewalStatus.Pending, first.Status);
        Assert.Equal(PaymentStatus.Pending, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == first.PaymentId))).Status);
        Assert.Equal(expiresAt, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscriptionId))).ExpiresAt);

        var second = await ChargeAsync(subscriptionId);

        Assert.Equal(RenewalStatus.Charged, second.Status);
        Assert.Equal(first.PaymentId, second.PaymentId);
        Assert.Single(RenewalRequests().Select(a => a.IdempotenceKey).Distinct());
        Assert.Equal(2, _h.YooKassa.PaymentCount);
        Assert.Equal(expiresAt.AddDays(30), (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscriptionId))).ExpiresAt);
    }

    [Fact]
    public async Task A_charge_without_any_answer_for_half_a_day_goes_to_an_admin_instead_of_being_repeated()
    {
        var (_, subscriptionId, _, _) = await SubscribedWithSavedCardAsync(916);
        _h.Clock.Advance(TimeSpan.FromDays(29.5));
        _h.YooKassa.Down = true;
        Assert.Equal(RenewalStatus.Pending, (await ChargeAsync(subscriptionId)).Status);

        _h.Clock.Advance(TimeSpan.FromHours(13));
        _h.YooKassa.Down = false;
        var result = await ChargeAsync(subscriptionId);

        Assert.Equal(RenewalStatus.NeedsReview, result.Status);
        Assert.True((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == result.PaymentId))).NeedsReview);
        Assert.Equal(1, _h.YooKassa.PaymentCount); // only the first, interactive payment
        Assert.Equal(RenewalStatus.NeedsReview, (await ChargeAsync(subscriptionId)).Status);
    }

    [Fact]
    public async Task A_pending_charge_with_a_known_id_is_re_read_not_created_again()
    {
        var (_, subscriptionId, expiresAt, _) = await SubscribedWithSavedCardAsync(917);
        _h.Clock.Advance(TimeSpan.FromDays(29.5));
        var first = await ChargeAsync(subscriptionId);
        Assert.Equal(RenewalStatus.Charged, first.Status);
        var creates = RenewalRequests().Count;

        // Even when the status in our database lags (e.g. the webhook is late), a known charge is only read.
        await using (var db = _h.Db.CreateContext())
        {
            await db.Payments.Where(p => p.Id == first.PaymentId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PaymentStatus.Pending));
            await db.Subscriptions.Where(x => x.Id == subscriptionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, expiresAt));
        }
        var again = await ChargeAsync(subscriptionId);

        Assert.Equal(first.PaymentId, again.PaymentId);
        Assert.Equal(creates, RenewalRequests().Count);
        Assert.Contains(_h.YooKassa.Requests, r => r.Method == "GET" && r.PathAndQuery.StartsWith("/v3/payments/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_renewal_runs_create_one_charge()
    {
        var (_, subscriptionId, expiresAt, _) = await SubscribedWithSavedCardAsync(914);
        _h.Clock.Advance(TimeSpan.FromDays(29.5));

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => ChargeAsync(subscriptionId))));

        Assert.Single(results.Select(r => r.PaymentId).Where(id => id is not null).Distinct());
        Assert.Equal(2, _h.YooKassa.PaymentCount);
        Assert.Equal(1, await _h.QueryAsync(db => db.Payments.CountAsync(p => p.IsRenewal)));
        Assert.Equal(expiresAt.AddDays(30), (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscriptionId))).ExpiresAt);
    }

    [Fact]
    public async Task A_declined_card_is_tried_once_per_period_and_the_customer_is_told()
    {
        var (userId, subscriptionId, expiresAt, savedMethod) = await SubscribedWithSavedCardAsync(915);
        _h.YooKassa.DecliningMethods[savedMethod] = true;
        _h.Clock.Advance(TimeSpan.FromDays(29.5));

        Assert.Equal(RenewalStatus.Declined, (await ChargeAsync(subscriptionId)).Status);
        Assert.Contains(_h.Notifier.Notices, n => n.UserId == userId && n.Key == "renewal.failed");
        Assert.Equal(RenewalStatus.AlreadyDeclined, (await ChargeAsync(subscriptionId)).Status);
        Assert.Empty(await DueAsync());
        Assert.Equal(2, _h.YooKassa.PaymentCount);
        Assert.Equal(expiresAt, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscriptionId))).ExpiresAt);
    }

    [Fact]
    public async Task A_banned_customer_is_never_charged_and_lifting_the_ban_resumes_renewal()
    {
        var (userId, subscriptionId, expiresAt, savedMethod) = await SubscribedWithSavedCardAsync(916);
        await SetBannedAsync(userId, true);
        _h.Clock.Advance(TimeSpan.FromDays(29.5));

        Assert.Empty(await DueAsync());
        var refused = await ChargeAsync(subscriptionId); // a run that picked the subscription before the ban
        Assert.Equal(RenewalStatus.CustomerBanned, refused.Status);
        Assert.Empty(RenewalRequests());
        Assert.Equal(1, _h.YooKassa.PaymentCount);
        var user = await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == userId));
        Assert.Equal(savedMethod, user.SavedPaymentMethodId); // paused, not forgotten
        Assert.True((await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscriptionId))).AutoRenewal);

        await SetBannedAsync(userId, false);
        Assert.Equal([subscriptionId], await DueAsync());
        Assert.Equal(RenewalStatus.Charged, (await ChargeAsync(subscriptionId)).Status);
        Assert.Equal(expiresAt.AddDays(30), (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == subscriptionId))).ExpiresAt);
    }

    private Task SetBannedAsync(long userId, bool banned) =>
        _h.QueryAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsBanned, banned)));

    private async Task<(long UserId, long SubscriptionId, DateTimeOffset ExpiresAt, string SavedMethod)> SubscribedWithSavedCardAsync(long telegramId)
    {
        var user = await _h.CreateUserAsync(telegramId);
        var plan = await _h.CreatePlanAsync(days: 30);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", true, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ConfirmFromProviderAsync(start.PaymentId, default));
        Assert.Equal(PaymentOutcomeKind.Completed, outcome.Kind);
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == outcome.SubscriptionId));
        Assert.True(subscription.AutoRenewal);
        var saved = (await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).SavedPaymentMethodId!;
        return (user.Id, subscription.Id, subscription.ExpiresAt!.Value, saved);
    }

    private List<TestKit.Payments.RecordedRequest> RenewalRequests() =>
        [.. _h.YooKassa.Requests.Where(r => r.PathAndQuery == "/v3/payments" && r.Body.Contains("payment_method_id", StringComparison.Ordinal))];

    private Task<RenewalResult> ChargeAsync(long subscriptionId) =>
        _h.InScopeAsync<RenewalService, RenewalResult>(r => r.ChargeAsync(subscriptionId, default));

    private Task<IReadOnlyList<long>> DueAsync() =>
        _h.InScopeAsync<RenewalService, IReadOnlyList<long>>(r => r.DueAsync(10, default));
}
