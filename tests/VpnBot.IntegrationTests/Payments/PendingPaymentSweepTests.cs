using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Payments.Webhooks;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>The sweep under lost notifications: fake YooKassa and Crypto Pay, real PostgreSQL, a shiftable clock.</summary>
public class PendingPaymentSweepTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_paid_yookassa_payment_whose_notification_was_lost_is_activated_by_the_sweep()
    {
        var (paymentId, externalId) = await StartYooKassaAsync(951);
        _h.YooKassa.Succeed(externalId); // the customer paid; no notification ever arrives

        Assert.Equal(new SweepReport(0, 0, 0, 0), await SweepAsync()); // too fresh: the notification may still come
        _h.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(new SweepReport(1, 1, 0, 0), await SweepAsync());

        Assert.Equal(PaymentStatus.Completed, await StatusAsync(paymentId));
        Assert.Equal(SubscriptionStatus.Active, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync())).Status);
        Assert.Equal(paymentId, Assert.Single(_h.Notifier.PaymentsCompleted).PaymentId);
        Assert.Equal(new SweepReport(0, 0, 0, 0), await SweepAsync()); // done: nothing left to ask about
    }

    [Fact]
    public async Task An_expired_crypto_invoice_fails_and_a_checkout_never_paid_is_abandoned_but_a_late_payment_still_activates()
    {
        var (invoicePayment, invoiceId) = await StartCryptoPayAsync(952);
        _h.CryptoPay.Expire(invoiceId);
        var (abandoned, externalId) = await StartYooKassaAsync(953); // left open at YooKassa

        _h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new SweepReport(2, 0, 1, 0), await SweepAsync());
        Assert.Equal(PaymentStatus.Failed, await StatusAsync(invoicePayment));
        Assert.Equal(PaymentStatus.Pending, await StatusAsync(abandoned));

        _h.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(new SweepReport(1, 0, 0, 1), await SweepAsync());
        Assert.Equal(PaymentStatus.Failed, await StatusAsync(abandoned));
        Assert.Empty(_h.Notifier.Notices); // abandoning is quiet

        // The customer pays the old checkout after all: the money is honoured.
        _h.YooKassa.Succeed(externalId);
        var result = await _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h =>
            h.HandleAsync(PaymentsHarness.YooKassaIp, Encoding.UTF8.GetBytes(_h.YooKassa.NotificationBody("payment.succeeded", externalId)), default));
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(PaymentStatus.Completed, await StatusAsync(abandoned));
    }

    [Fact]
    public async Task A_provider_that_is_down_is_asked_again_next_time_and_a_payment_held_for_review_is_left_alone()
    {
        var (paymentId, externalId) = await StartYooKassaAsync(954);
        var (held, _) = await StartYooKassaAsync(955);
        await _h.QueryAsync(db => db.Payments.Where(p => p.Id == held).ExecuteUpdateAsync(u => u.SetProperty(p => p.NeedsReview, true)));
        _h.YooKassa.Succeed(externalId);
        _h.Clock.Advance(TimeSpan.FromMinutes(30));
        _h.YooKassa.Down = true;

        Assert.Equal(new SweepReport(1, 0, 0, 0), await SweepAsync());
        Assert.Equal(PaymentStatus.Pending, await StatusAsync(paymentId));

        _h.YooKassa.Down = false;
        Assert.Equal(new SweepReport(1, 1, 0, 0), await SweepAsync());
        var untouched = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == held));
        Assert.Equal((PaymentStatus.Pending, true), (untouched.Status, untouched.NeedsReview));
    }

    private Task<SweepReport> SweepAsync() => _h.InScopeAsync<PendingPaymentSweep, SweepReport>(s => s.RunAsync(100, default));

    private Task<PaymentStatus> StatusAsync(long paymentId) => _h.QueryAsync(db => db.Payments.Where(p => p.Id == paymentId).Select(p => p.Status).SingleAsync());

    private async Task<(long PaymentId, string ExternalId)> StartYooKassaAsync(long telegramId)
    {
        var user = await _h.CreateUserAsync(telegramId);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));
        return (start.PaymentId, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!);
    }

    private async Task<(long PaymentId, long InvoiceId)> StartCryptoPayAsync(long telegramId)
    {
        var user = await _h.CreateUserAsync(telegramId);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default));
        return (start.PaymentId, long.Parse((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!, CultureInfo.InvariantCulture));
    }
}
