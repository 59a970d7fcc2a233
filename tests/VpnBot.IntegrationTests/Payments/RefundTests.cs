using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Payments.Webhooks;

namespace VpnBot.IntegrationTests.Payments;

public class RefundTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task An_admin_refund_returns_the_money_shortens_the_period_and_disables_the_config()
    {
        var (userId, paymentId, externalId) = await PaidYooKassaAsync(711);
        await _h.RunWorkerAsync(); // config provisioned

        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(paymentId, "customer asked", default));

        Assert.Equal(PaymentOutcomeKind.Refunded, outcome.Kind);
        var refundRequest = Assert.Single(_h.YooKassa.Requests, r => r.PathAndQuery == "/v3/refunds");
        Assert.False(string.IsNullOrEmpty(refundRequest.IdempotenceKey));
        Assert.Contains($"\"payment_id\":\"{externalId}\"", refundRequest.Body, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"299.00\"", refundRequest.Body, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Refunded, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId))).Status);
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId));
        Assert.Equal(SubscriptionStatus.Expired, subscription.Status);

        Assert.Equal(1, await _h.RunWorkerAsync());
        Assert.Equal((subscription.Id, SubscriptionStatus.Expired), (Assert.Single(_h.Provisioning.Synced).SubscriptionId, Assert.Single(_h.Provisioning.Synced).Status));

        // YooKassa's own refund.succeeded for that refund, and a replay of the old payment.succeeded: no change.
        var refundId = (string)Assert.Single(_h.YooKassa.Refunds())["id"]!;
        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("refund.succeeded", refundId))).StatusCode);
        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId))).StatusCode);
        Assert.Equal(SubscriptionStatus.Expired, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId))).Status);
        Assert.Equal(PaymentStatus.Refunded, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId))).Status);
        Assert.Equal(0, await _h.RunWorkerAsync());
        Assert.Single(_h.Notifier.PaymentsCompleted);
        Assert.Single(_h.Notifier.Notices, n => n.Key == "payment.refunded");
    }

    [Fact]
    public async Task Refunding_one_of_two_periods_takes_back_only_that_period()
    {
        var (userId, first, _) = await PaidYooKassaAsync(712);
        var (_, second, _) = await PaidYooKassaAsync(712, existingUserId: userId);
        var paidAt = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == first))).PaidAt!.Value;
        Assert.Equal(paidAt.AddDays(60), (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId))).ExpiresAt);

        await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(second, "double purchase", default));

        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId));
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.Equal(paidAt.AddDays(30), subscription.ExpiresAt);
    }

    [Fact]
    public async Task A_refund_made_in_the_yookassa_cabinet_arrives_as_refund_succeeded_and_is_applied_once()
    {
        var (userId, paymentId, externalId) = await PaidYooKassaAsync(713);
        var refundId = _h.YooKassa.RefundFromCabinet(externalId, "299.00");
        var body = _h.YooKassa.NotificationBody("refund.succeeded", refundId);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Webhook(body))));

        Assert.All(results, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(PaymentStatus.Refunded, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId))).Status);
        Assert.Equal(SubscriptionStatus.Expired, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId))).Status);
        Assert.Single(_h.Notifier.Notices, n => n.Key == "payment.refunded");
        Assert.Equal(2, await _h.QueryAsync(db => db.BackendTasks.CountAsync())); // the provision and one sync
    }

    [Fact]
    public async Task A_partial_refund_is_flagged_for_an_admin_and_leaves_the_period_alone()
    {
        var (userId, paymentId, externalId) = await PaidYooKassaAsync(714);
        var before = (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId))).ExpiresAt;
        var refundId = _h.YooKassa.RefundFromCabinet(externalId, "100.00");

        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("refund.succeeded", refundId))).StatusCode);

        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId));
        Assert.Equal(PaymentStatus.Completed, payment.Status);
        Assert.True(payment.NeedsReview);
        Assert.Contains("partial refund", payment.ReviewReason, StringComparison.Ordinal);
        Assert.Equal(before, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId))).ExpiresAt);
        Assert.Equal([paymentId], _h.Alerts.PaymentsNeedingReview);

        // The admin settles it (shortens by hand, or decides nothing is owed) and dismisses the flag, once.
        Assert.Equal(PaymentOutcomeKind.ReviewDismissed, (await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.DismissReviewAsync(paymentId, default))).Kind);
        Assert.False((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId))).NeedsReview);
        Assert.Equal(PaymentOutcomeKind.Ignored, (await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.DismissReviewAsync(paymentId, default))).Kind);
    }

    [Fact]
    public async Task Crypto_pay_cannot_refund_automatically_but_a_manual_refund_is_recorded()
    {
        var user = await _h.CreateUserAsync(715);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default));
        var invoiceId = long.Parse((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!, CultureInfo.InvariantCulture);
        _h.CryptoPay.MarkPaid(invoiceId);
        await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ConfirmFromProviderAsync(start.PaymentId, default));

        var e = await Assert.ThrowsAsync<PaymentException>(() =>
            _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(start.PaymentId, "asked", default)));
        Assert.Equal(PaymentError.NotRefundable, e.Error);
        Assert.Equal(PaymentStatus.Completed, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).Status);

        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RecordManualRefundAsync(start.PaymentId, "USDT sent back by hand", default));
        Assert.Equal(PaymentOutcomeKind.Refunded, outcome.Kind);
        Assert.Equal(SubscriptionStatus.Expired, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == user.Id))).Status);
    }

    [Fact]
    public async Task An_unpaid_payment_cannot_be_refunded()
    {
        var user = await _h.CreateUserAsync(716);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));

        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(start.PaymentId, "?", default));

        Assert.Equal(PaymentOutcomeKind.Ignored, outcome.Kind);
        Assert.DoesNotContain(_h.YooKassa.Requests, r => r.PathAndQuery == "/v3/refunds");
    }

    private async Task<(long UserId, long PaymentId, string ExternalId)> PaidYooKassaAsync(long telegramId, long? existingUserId = null)
    {
        var userId = existingUserId ?? (await _h.CreateUserAsync(telegramId)).Id;
        var plan = await _h.CreatePlanAsync(days: 30);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(userId, plan.Id, "yookassa", false, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId))).StatusCode);
        return (userId, start.PaymentId, externalId);
    }

    private Task<WebhookResult> Webhook(string body) =>
        _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(PaymentsHarness.YooKassaIp, Encoding.UTF8.GetBytes(body), default));
}
