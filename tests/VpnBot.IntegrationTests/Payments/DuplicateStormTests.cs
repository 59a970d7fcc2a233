using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Payments.Stars;
using VpnBot.Payments.Webhooks;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>The same notification delivered many times, concurrently or hours apart: one completion, one extension.</summary>
public class DuplicateStormTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Ten_concurrent_yookassa_notifications_complete_once_and_extend_once()
    {
        var (user, paymentId, externalId) = await PaidYooKassaAsync(411);
        var body = Encoding.UTF8.GetBytes(_h.YooKassa.NotificationBody("payment.succeeded", externalId));

        // Each delivery in its own DI scope and DbContext, like ten requests in the host.
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(PaymentsHarness.YooKassaIp, body, default)))));

        Assert.All(results, r => Assert.Equal(200, r.StatusCode));
        Assert.Single(results, r => r.Reason.Contains("Completed", StringComparison.Ordinal));
        await AssertExactlyOneActivationAsync(user.Id, paymentId);

        // Redelivered hours later (YooKassa retries for 24 h): still nothing new.
        _h.Clock.Advance(TimeSpan.FromHours(5));
        var late = await _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(PaymentsHarness.YooKassaIp, body, default));
        Assert.Equal(200, late.StatusCode);
        await AssertExactlyOneActivationAsync(user.Id, paymentId);
    }

    [Fact]
    public async Task Ten_concurrent_crypto_pay_webhooks_complete_once_and_extend_once()
    {
        var user = await _h.CreateUserAsync(412);
        var plan = await _h.CreatePlanAsync(days: 30);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default));
        var invoiceId = long.Parse((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!, CultureInfo.InvariantCulture);
        _h.CryptoPay.MarkPaid(invoiceId);
        // Crypto Pay retries carry new update_ids; each body is signed on its own.
        var deliveries = Enumerable.Range(0, 10).Select(_ => _h.CryptoPay.Webhook(invoiceId)).ToList();

        var results = await Task.WhenAll(deliveries.Select(d => Task.Run(() =>
            _h.InScopeAsync<CryptoPayWebhookHandler, WebhookResult>(h => h.HandleAsync(d.Signature, d.Body, default)))));

        Assert.All(results, r => Assert.Equal(200, r.StatusCode));
        await AssertExactlyOneActivationAsync(user.Id, start.PaymentId);
    }

    [Fact]
    public async Task Ten_concurrent_successful_payment_updates_complete_once()
    {
        var user = await _h.CreateUserAsync(413);
        var plan = await _h.CreatePlanAsync(priceStars: 150, days: 30);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "stars", false, default));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            _h.InScopeAsync<StarsPaymentHandler, PaymentOutcome>(h => h.CompleteAsync(StarsPayload.For(start.PaymentId), "XTR", 150, "stxStorm", default)))));

        Assert.Single(outcomes, o => o.Kind == PaymentOutcomeKind.Completed);
        Assert.All(outcomes.Where(o => o.Kind != PaymentOutcomeKind.Completed), o => Assert.Equal(PaymentOutcomeKind.Duplicate, o.Kind));
        await AssertExactlyOneActivationAsync(user.Id, start.PaymentId);
    }

    [Fact]
    public async Task Two_different_payments_completing_at_once_for_a_new_customer_share_one_subscription()
    {
        var user = await _h.CreateUserAsync(414);
        var plan = await _h.CreatePlanAsync(days: 30);
        var a = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "stars", false, default));
        var b = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "stars", false, default));

        await Task.WhenAll(
            Task.Run(() => _h.InScopeAsync<StarsPaymentHandler, PaymentOutcome>(h => h.CompleteAsync(StarsPayload.For(a.PaymentId), "XTR", 150, "stxA", default))),
            Task.Run(() => _h.InScopeAsync<StarsPaymentHandler, PaymentOutcome>(h => h.CompleteAsync(StarsPayload.For(b.PaymentId), "XTR", 150, "stxB", default))));

        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == user.Id));
        var paid = await _h.QueryAsync(db => db.Payments.Where(p => p.UserId == user.Id).ToListAsync());
        Assert.All(paid, p => Assert.Equal(subscription.Id, p.SubscriptionId));
        // Whichever committed first opened the period; the other added its 30 days on top.
        Assert.Contains(subscription.ExpiresAt, paid.Select(p => p.PaidAt!.Value.AddDays(60)).Cast<DateTimeOffset?>());
    }

    private async Task<(Core.Users.User User, long PaymentId, string ExternalId)> PaidYooKassaAsync(long telegramId)
    {
        var user = await _h.CreateUserAsync(telegramId);
        var plan = await _h.CreatePlanAsync(days: 30);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        return (user, start.PaymentId, externalId);
    }

    private async Task AssertExactlyOneActivationAsync(long userId, long paymentId)
    {
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId));
        Assert.Equal(PaymentStatus.Completed, payment.Status);
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId));
        Assert.Equal(payment.PaidAt!.Value.AddDays(30), subscription.ExpiresAt);
        Assert.Equal(1, await _h.QueryAsync(db => db.BackendTasks.CountAsync(t => t.SubscriptionId == subscription.Id)));
        Assert.Equal(1, await _h.QueryAsync(db => db.ProcessedEvents.CountAsync()));
        Assert.Single(_h.Notifier.PaymentsCompleted, n => n.PaymentId == paymentId);
    }
}
