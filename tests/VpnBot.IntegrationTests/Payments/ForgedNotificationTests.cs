using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Payments.Webhooks;
using VpnBot.TestKit.Payments;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>Forged, broken or mismatched notifications get a 4xx (or a review flag) and change nothing.</summary>
public class ForgedNotificationTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_crypto_pay_webhook_with_a_bad_or_missing_signature_is_rejected_before_parsing()
    {
        var (paymentId, invoiceId) = await PaidInvoiceAsync(511);
        var (body, signature) = _h.CryptoPay.Webhook(invoiceId);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\"299.00\"", "\"1.00\"", StringComparison.Ordinal));
        var otherToken = FakeCryptoPay.Sign("999:another-apps-token", body);

        Assert.Equal(401, (await CryptoWebhook(null, body)).StatusCode);
        Assert.Equal(401, (await CryptoWebhook("", body)).StatusCode);
        Assert.Equal(401, (await CryptoWebhook("zz" + signature[2..], body)).StatusCode);
        Assert.Equal(401, (await CryptoWebhook(signature[..^2], body)).StatusCode);
        Assert.Equal(401, (await CryptoWebhook(otherToken, body)).StatusCode);
        Assert.Equal(401, (await CryptoWebhook(signature, tampered)).StatusCode);
        Assert.Equal(401, (await CryptoWebhook(signature, Encoding.UTF8.GetBytes("{not json"))).StatusCode);

        await AssertNothingChangedAsync(paymentId);
        Assert.Contains(_h.Logs.Lines, l => l.Text.Contains("bad signature", StringComparison.Ordinal));
        Assert.DoesNotContain(_h.Logs.Lines, l => l.Text.Contains(_h.CryptoPay.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signed_but_malformed_or_unknown_crypto_pay_update_is_a_4xx()
    {
        var (paymentId, _) = await PaidInvoiceAsync(512);
        async Task<int> Send(string json)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            return (await CryptoWebhook(FakeCryptoPay.Sign(_h.CryptoPay.Token, bytes), bytes)).StatusCode;
        }

        Assert.Equal(400, await Send("{\"update_type\":\"invoice_paid\",\"payload\":"));
        Assert.Equal(400, await Send("[1,2,3]"));
        Assert.Equal(400, await Send("{\"update_type\":\"invoice_paid\",\"payload\":{\"status\":\"paid\"}}"));
        Assert.Equal(404, await Send("{\"update_type\":\"invoice_paid\",\"payload\":{\"invoice_id\":987654,\"status\":\"paid\",\"currency_type\":\"fiat\",\"fiat\":\"RUB\",\"amount\":\"299.00\",\"payload\":\"vpnbot:987654\"}}"));
        Assert.Equal(400, await Send("{\"update_type\":\"invoice_paid\",\"payload\":{\"invoice_id\":987654,\"status\":\"active\",\"currency_type\":\"fiat\",\"fiat\":\"RUB\",\"amount\":\"299.00\"}}"));

        await AssertNothingChangedAsync(paymentId);
    }

    [Fact]
    public async Task A_crypto_invoice_paid_at_another_price_is_held_for_review_not_activated()
    {
        var (paymentId, invoiceId) = await PaidInvoiceAsync(513);
        _h.CryptoPay.SetPrice(invoiceId, "2.99", "USD");
        var (body, signature) = _h.CryptoPay.Webhook(invoiceId);

        Assert.Equal(200, (await CryptoWebhook(signature, body)).StatusCode);

        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId));
        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.True(payment.NeedsReview);
        Assert.Contains("2.99 USD", payment.ReviewReason, StringComparison.Ordinal);
        Assert.False(await _h.QueryAsync(db => db.Subscriptions.AnyAsync()));
        Assert.Empty(_h.Notifier.PaymentsCompleted);
        Assert.Contains(_h.Notifier.Notices, n => n.Key == "payment.needs_review");
    }

    [Fact]
    public async Task A_yookassa_notification_from_outside_the_allow_list_is_forbidden()
    {
        var (paymentId, externalId) = await PaidYooKassaAsync(514);
        var body = Encoding.UTF8.GetBytes(_h.YooKassa.NotificationBody("payment.succeeded", externalId));

        Assert.Equal(403, (await YooWebhook(IPAddress.Parse("203.0.113.7"), body)).StatusCode);
        Assert.Equal(403, (await YooWebhook(IPAddress.Parse("185.71.76.32"), body)).StatusCode); // just past the /27
        Assert.Equal(403, (await YooWebhook(IPAddress.Parse("2001:db8::1"), body)).StatusCode);
        Assert.Equal(403, (await YooWebhook(IPAddress.Loopback, body)).StatusCode);
        Assert.Equal(403, (await YooWebhook(null, body)).StatusCode);
        await AssertNothingChangedAsync(paymentId);

        // A dual-stack socket reports YooKassa's IPv4 as ::ffff:77.75.156.11; IPv6 sources are in 2a02:5180::/32.
        Assert.Equal(200, (await YooWebhook(IPAddress.Parse("::ffff:77.75.156.11"), body)).StatusCode);
        Assert.Equal(200, (await YooWebhook(IPAddress.Parse("2a02:5180:0:1::5"), body)).StatusCode);
    }

    [Fact]
    public async Task Malformed_or_unknown_yookassa_notifications_are_4xx_and_change_nothing()
    {
        var (paymentId, externalId) = await PaidYooKassaAsync(515);
        async Task<int> Send(string json) => (await YooWebhook(PaymentsHarness.YooKassaIp, Encoding.UTF8.GetBytes(json))).StatusCode;

        Assert.Equal(400, await Send("{\"type\":\"notification\",\"event\":\"payment.succeeded\",\"object\":{\"id\":"));
        Assert.Equal(400, await Send(""));
        Assert.Equal(400, await Send("{\"event\":\"payment.succeeded\",\"object\":{\"id\":\"" + externalId + "\"}}"));
        Assert.Equal(400, await Send("{\"type\":\"notification\",\"event\":\"payment.succeeded\",\"object\":{}}"));
        Assert.Equal(400, await Send("{\"type\":\"notification\",\"event\":\"payment.succeeded\",\"object\":{\"id\":\"../../refunds\"}}"));
        // Unknown to YooKassa (forged id), and known to YooKassa but not ours (another shop's integration).
        Assert.Equal(404, await Send("{\"type\":\"notification\",\"event\":\"payment.succeeded\",\"object\":{\"id\":\"2f1c8d0e-000f-5000-9000-1a2b3c4d5e6f\"}}"));
        var foreign = await ForeignYooKassaPaymentAsync();
        Assert.Equal(404, await Send(_h.YooKassa.NotificationBody("payment.succeeded", foreign)));

        await AssertNothingChangedAsync(paymentId);
    }

    [Fact]
    public async Task A_succeeded_notification_for_a_payment_the_api_says_is_pending_is_refused()
    {
        var user = await _h.CreateUserAsync(516);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;

        // The body claims success (forged from a real pending payment); the API is the truth.
        var forged = _h.YooKassa.NotificationBody("payment.succeeded", externalId).Replace("\"pending\"", "\"succeeded\"", StringComparison.Ordinal);
        var result = await YooWebhook(PaymentsHarness.YooKassaIp, Encoding.UTF8.GetBytes(forged));

        Assert.Equal(400, result.StatusCode);
        await AssertNothingChangedAsync(start.PaymentId);
    }

    [Fact]
    public async Task A_yookassa_payment_of_a_different_amount_is_held_for_review_and_an_admin_can_approve_it()
    {
        var (paymentId, externalId) = await PaidYooKassaAsync(517);
        _h.YooKassa.SetAmount(externalId, "1.00", "RUB");

        var result = await YooWebhook(PaymentsHarness.YooKassaIp, Encoding.UTF8.GetBytes(_h.YooKassa.NotificationBody("payment.succeeded", externalId)));

        Assert.Equal(200, result.StatusCode);
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId));
        Assert.True(payment.NeedsReview);
        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.Equal("paid 1 RUB, offered 299 RUB", payment.ReviewReason);
        Assert.False(await _h.QueryAsync(db => db.Subscriptions.AnyAsync()));
        Assert.Equal([paymentId], _h.Alerts.PaymentsNeedingReview);
        // Held money is approved or refunded, never just dismissed.
        Assert.Equal(PaymentOutcomeKind.Ignored, (await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.DismissReviewAsync(paymentId, default))).Kind);
        Assert.True((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId))).NeedsReview);

        // The replay stays a no-op; the admin's approval activates.
        await YooWebhook(PaymentsHarness.YooKassaIp, Encoding.UTF8.GetBytes(_h.YooKassa.NotificationBody("payment.succeeded", externalId)));
        Assert.False(await _h.QueryAsync(db => db.Subscriptions.AnyAsync()));
        var approved = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ApproveReviewAsync(paymentId, default));
        Assert.Equal(PaymentOutcomeKind.Completed, approved.Kind);
        Assert.Equal(SubscriptionStatus.Active, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync())).Status);
        Assert.False((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId))).NeedsReview);
    }

    private async Task<(long PaymentId, long InvoiceId)> PaidInvoiceAsync(long telegramId)
    {
        var user = await _h.CreateUserAsync(telegramId);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "cryptopay", false, default));
        var invoiceId = long.Parse((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!, CultureInfo.InvariantCulture);
        _h.CryptoPay.MarkPaid(invoiceId);
        return (start.PaymentId, invoiceId);
    }

    private async Task<(long PaymentId, string ExternalId)> PaidYooKassaAsync(long telegramId)
    {
        var user = await _h.CreateUserAsync(telegramId);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        return (start.PaymentId, externalId);
    }

    /// <summary>A payment created at the same shop by something else (no metadata of ours).</summary>
    private async Task<string> ForeignYooKassaPaymentAsync()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _h.YooKassa.ApiBaseUrl + "payments");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_h.YooKassa.ShopId}:{_h.YooKassa.SecretKey}")));
        request.Headers.Add("Idempotence-Key", Guid.NewGuid().ToString());
        request.Content = new StringContent("{\"amount\":{\"value\":\"299.00\",\"currency\":\"RUB\"},\"confirmation\":{\"type\":\"redirect\",\"return_url\":\"https://example.com\"}}", Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var id = (string)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
        _h.YooKassa.Succeed(id);
        return id;
    }

    private async Task AssertNothingChangedAsync(long paymentId)
    {
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId));
        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.False(payment.NeedsReview);
        Assert.False(await _h.QueryAsync(db => db.Subscriptions.AnyAsync()));
        Assert.False(await _h.QueryAsync(db => db.BackendTasks.AnyAsync()));
        Assert.False(await _h.QueryAsync(db => db.ProcessedEvents.AnyAsync()));
        Assert.Empty(_h.Notifier.PaymentsCompleted);
    }

    private Task<WebhookResult> CryptoWebhook(string? signature, byte[] body) =>
        _h.InScopeAsync<CryptoPayWebhookHandler, WebhookResult>(h => h.HandleAsync(signature, body, default));

    private Task<WebhookResult> YooWebhook(IPAddress? ip, byte[] body) =>
        _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(ip, body, default));
}
