using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Payments.Webhooks;

namespace VpnBot.IntegrationTests.Payments;

public class CryptoPayPaymentTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Paying_a_crypto_invoice_activates_the_subscription_and_delivers_the_config()
    {
        var user = await _h.CreateUserAsync(211);
        var plan = await _h.CreatePlanAsync(price: 299m, currency: "RUB", days: 30);

        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default));
        Assert.StartsWith("https://t.me/CryptoTestnetBot?start=IV", start.ConfirmationUrl, StringComparison.Ordinal);
        var invoiceId = long.Parse((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!, CultureInfo.InvariantCulture);
        var invoice = _h.CryptoPay.Invoice(invoiceId);
        Assert.Equal("fiat", (string)invoice["currency_type"]!);
        Assert.Equal("RUB", (string)invoice["fiat"]!);
        Assert.Equal("299.00", (string)invoice["amount"]!);
        Assert.Equal($"vpnbot:{start.PaymentId}", (string)invoice["payload"]!);

        _h.CryptoPay.MarkPaid(invoiceId);
        var (body, signature) = _h.CryptoPay.Webhook(invoiceId);
        var result = await Webhook(signature, body);
        Assert.Equal(200, result.StatusCode);

        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId));
        Assert.Equal(PaymentStatus.Completed, payment.Status);
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == user.Id));
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.Equal(payment.PaidAt!.Value.AddDays(30), subscription.ExpiresAt);
        Assert.Equal((start.PaymentId, true), Assert.Single(_h.Notifier.PaymentsCompleted));

        Assert.Equal(1, await _h.RunWorkerAsync());
        var config = await _h.QueryAsync(db => db.VpnConfigs.SingleAsync(c => c.SubscriptionId == subscription.Id));
        Assert.Equal(config.Id, Assert.Single(_h.Notifier.ConfigsReady));
    }

    [Fact]
    public async Task Check_payment_completes_a_paid_invoice_whose_webhook_never_came()
    {
        var user = await _h.CreateUserAsync(212);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default));

        var early = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ConfirmFromProviderAsync(start.PaymentId, default));
        Assert.Equal(PaymentOutcomeKind.Ignored, early.Kind);

        var invoiceId = long.Parse((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!, CultureInfo.InvariantCulture);
        _h.CryptoPay.MarkPaid(invoiceId);
        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ConfirmFromProviderAsync(start.PaymentId, default));
        Assert.Equal(PaymentOutcomeKind.Completed, outcome.Kind);

        // The webhook arriving afterwards is a repeat.
        var (body, signature) = _h.CryptoPay.Webhook(invoiceId);
        Assert.Equal(200, (await Webhook(signature, body)).StatusCode);
        Assert.Single(_h.Notifier.PaymentsCompleted);
        Assert.Equal(1, await _h.QueryAsync(db => db.BackendTasks.CountAsync()));
    }

    [Fact]
    public async Task An_expired_invoice_fails_the_payment()
    {
        var user = await _h.CreateUserAsync(213);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default));
        var invoiceId = long.Parse((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!, CultureInfo.InvariantCulture);

        _h.CryptoPay.Expire(invoiceId);
        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ConfirmFromProviderAsync(start.PaymentId, default));

        Assert.Equal(PaymentOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(PaymentStatus.Failed, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).Status);
    }

    [Fact]
    public async Task A_plan_priced_in_an_unsupported_currency_is_not_offered_for_crypto()
    {
        var user = await _h.CreateUserAsync(214);
        var plan = await _h.CreatePlanAsync(price: 5m, currency: "XAU");
        var options = await _h.InScopeAsync<PaymentService, IReadOnlyList<PaymentOption>>(p => Task.FromResult(p.OptionsFor(plan)));
        Assert.DoesNotContain(options, o => o.Method == "cryptopay");
        Assert.DoesNotContain(options, o => o.Method == "yookassa");
        Assert.Contains(options, o => o.Method == "stars" && o.Price == new Money(150, "XTR"));

        var e = await Assert.ThrowsAsync<PaymentException>(() =>
            _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default)));
        Assert.Equal(PaymentError.MethodUnavailable, e.Error);
        Assert.Equal(0, _h.CryptoPay.InvoiceCount);
    }

    [Fact]
    public async Task Creating_an_invoice_is_not_retried_blindly_but_reading_one_is()
    {
        var user = await _h.CreateUserAsync(215);
        var plan = await _h.CreatePlanAsync();
        _h.CryptoPay.Down = true;

        var e = await Assert.ThrowsAsync<PaymentException>(() =>
            _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default)));

        Assert.Equal(PaymentError.ProviderFailed, e.Error);
        // createInvoice is not idempotent: a retry after a lost answer could leave the customer two invoices.
        Assert.Single(_h.CryptoPay.Requests, r => r.PathAndQuery.StartsWith("/api/createInvoice", StringComparison.Ordinal));

        _h.CryptoPay.Down = false;
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default));
        _h.CryptoPay.Down = true;
        await Assert.ThrowsAsync<PaymentException>(() => _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ConfirmFromProviderAsync(start.PaymentId, default)));
        Assert.Equal(3, _h.CryptoPay.Requests.Count(r => r.PathAndQuery.StartsWith("/api/getInvoices", StringComparison.Ordinal)));
    }

    private Task<WebhookResult> Webhook(string? signature, byte[] body) =>
        _h.InScopeAsync<CryptoPayWebhookHandler, WebhookResult>(h => h.HandleAsync(signature, body, default));
}
