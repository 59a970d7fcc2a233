using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Payments.Webhooks;

namespace VpnBot.IntegrationTests.Payments;

public class YooKassaPaymentTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Paying_with_yookassa_activates_the_subscription_and_delivers_the_config()
    {
        var user = await _h.CreateUserAsync(111);
        var plan = await _h.CreatePlanAsync(price: 299m, days: 30);

        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));
        Assert.Equal(299m, start.Amount);
        Assert.Equal("RUB", start.Currency);
        Assert.StartsWith("https://yoomoney.ru/checkout/", start.ConfirmationUrl, StringComparison.Ordinal);

        var stored = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId));
        var externalId = stored.ExternalPaymentId!;
        var sent = _h.YooKassa.CreateRequestOf(externalId)!;
        Assert.Equal("299.00", (string)sent["amount"]!["value"]!);
        Assert.Equal("redirect", (string)sent["confirmation"]!["type"]!);
        Assert.Equal("https://t.me/TestVpnBot", (string)sent["confirmation"]!["return_url"]!);
        Assert.Equal(start.PaymentId.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)sent["metadata"]!["payment_id"]!);
        Assert.True((bool)sent["capture"]!);
        Assert.Null(sent["receipt"]);
        Assert.Null(sent["save_payment_method"]);
        Assert.Single(_h.YooKassa.Requests, r => r.Method == "POST" && r.IdempotenceKey is { Length: > 0 });

        _h.YooKassa.Succeed(externalId);
        var result = await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId));
        Assert.Equal(200, result.StatusCode);

        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId));
        Assert.Equal(PaymentStatus.Completed, payment.Status);
        Assert.NotNull(payment.PaidAt);
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == user.Id));
        Assert.Equal(payment.SubscriptionId, subscription.Id);
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.Equal(payment.PaidAt!.Value.AddDays(30), subscription.ExpiresAt);
        Assert.Equal(plan.Id, subscription.PlanId);
        Assert.Equal(3, subscription.DeviceLimit);
        var task = await _h.QueryAsync(db => db.BackendTasks.SingleAsync(t => t.SubscriptionId == subscription.Id));
        Assert.Equal(BackendTaskKind.Provision, task.Kind);
        Assert.Equal((start.PaymentId, true), Assert.Single(_h.Notifier.PaymentsCompleted));

        Assert.Equal(1, await _h.RunWorkerAsync());
        var config = await _h.QueryAsync(db => db.VpnConfigs.SingleAsync(c => c.SubscriptionId == subscription.Id));
        Assert.Equal(config.Id, Assert.Single(_h.Notifier.ConfigsReady));
        Assert.NotNull((await _h.QueryAsync(db => db.BackendTasks.SingleAsync(t => t.Id == task.Id))).CompletedAt);
        Assert.Equal(0, await _h.RunWorkerAsync());
    }

    [Fact]
    public async Task A_shop_with_online_receipts_sends_a_54fz_receipt_with_payments_and_refunds()
    {
        await using var shop = await PaymentsHarness.StartAsync(s =>
        {
            s["Payments:YooKassa:ReceiptEmail"] = "receipts@shop.example";
            s["Payments:YooKassa:VatCode"] = "1";
            s["Payments:YooKassa:TaxSystemCode"] = "2";
        });
        shop.YooKassa.RequireReceipt = true;
        var user = await shop.CreateUserAsync(117);
        var plan = await shop.CreatePlanAsync(price: 299m);

        var start = await shop.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));

        var externalId = (await shop.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        var receipt = shop.YooKassa.CreateRequestOf(externalId)!["receipt"]!;
        Assert.Equal("receipts@shop.example", (string)receipt["customer"]!["email"]!);
        Assert.Equal(2, (int)receipt["tax_system_code"]!);
        var item = receipt["items"]![0]!;
        Assert.Equal(("30 days", "1.00", "299.00", "RUB"), ((string)item["description"]!, (string)item["quantity"]!, (string)item["amount"]!["value"]!, (string)item["amount"]!["currency"]!));
        Assert.Equal((1, "full_payment", "service"), ((int)item["vat_code"]!, (string)item["payment_mode"]!, (string)item["payment_subject"]!));

        shop.YooKassa.Succeed(externalId);
        await shop.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ConfirmFromProviderAsync(start.PaymentId, default));
        await shop.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(start.PaymentId, "asked", default));
        Assert.Contains("\"receipt\":", Assert.Single(shop.YooKassa.Requests, r => r.PathAndQuery == "/v3/refunds").Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_receipt_settings_a_shop_that_requires_receipts_refuses_the_payment()
    {
        _h.YooKassa.RequireReceipt = true;
        var user = await _h.CreateUserAsync(118);
        var plan = await _h.CreatePlanAsync();

        var e = await Assert.ThrowsAsync<PaymentException>(() =>
            _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default)));

        Assert.Equal("invalid_request", Assert.IsType<PaymentGatewayException>(e.InnerException).ErrorCode);
        Assert.Contains(_h.Logs.Lines, l => l.Text.Contains("receipt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_canceled_payment_fails_without_granting_anything()
    {
        var user = await _h.CreateUserAsync(112);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;

        _h.YooKassa.Cancel(externalId);
        var result = await Webhook(_h.YooKassa.NotificationBody("payment.canceled", externalId));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(PaymentStatus.Failed, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).Status);
        Assert.False(await _h.QueryAsync(db => db.Subscriptions.AnyAsync(s => s.UserId == user.Id)));
        Assert.Empty(_h.Notifier.PaymentsCompleted);
    }

    [Fact]
    public async Task Opting_into_auto_renewal_saves_the_card_and_turns_renewal_on()
    {
        var user = await _h.CreateUserAsync(113);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", true, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        Assert.True((bool)_h.YooKassa.CreateRequestOf(externalId)!["save_payment_method"]!);

        _h.YooKassa.Succeed(externalId);
        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId))).StatusCode);

        var savedId = (string)_h.YooKassa.Payment(externalId)["payment_method"]!["id"]!;
        Assert.Equal(savedId, (await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).SavedPaymentMethodId);
        Assert.True((await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == user.Id))).AutoRenewal);
    }

    [Fact]
    public async Task Rejected_credentials_fail_the_start_and_leave_no_payable_record()
    {
        await using var wrong = await PaymentsHarness.StartAsync(s => s["Payments:YooKassa:SecretKey"] = "wrong-secret-value");
        var user = await wrong.CreateUserAsync(114);
        var plan = await wrong.CreatePlanAsync();

        var e = await Assert.ThrowsAsync<PaymentException>(() =>
            wrong.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default)));

        Assert.Equal(PaymentError.ProviderFailed, e.Error);
        var gateway = Assert.IsType<PaymentGatewayException>(e.InnerException);
        Assert.Equal(401, gateway.StatusCode);
        Assert.Equal("invalid_credentials", gateway.ErrorCode);
        var payment = await wrong.QueryAsync(db => db.Payments.SingleAsync());
        Assert.Equal(PaymentStatus.Failed, payment.Status);
        Assert.Null(payment.ConfirmationUrl);
        Assert.DoesNotContain(wrong.Logs.Lines, l => l.Text.Contains("wrong-secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_notification_while_yookassa_is_down_is_refused_with_503_and_works_on_redelivery()
    {
        var user = await _h.CreateUserAsync(115);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        var body = _h.YooKassa.NotificationBody("payment.succeeded", externalId);

        _h.YooKassa.Down = true;
        var refused = await Webhook(body);
        Assert.Equal(503, refused.StatusCode);
        Assert.Equal(PaymentStatus.Pending, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).Status);
        Assert.False(await _h.QueryAsync(db => db.ProcessedEvents.AnyAsync()));

        _h.YooKassa.Down = false;
        Assert.Equal(200, (await Webhook(body)).StatusCode);
        Assert.Equal(PaymentStatus.Completed, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).Status);
    }

    [Fact]
    public async Task The_secret_key_never_reaches_the_logs()
    {
        var user = await _h.CreateUserAsync(116);
        var plan = await _h.CreatePlanAsync();
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "yookassa", false, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId));
        _h.YooKassa.Down = true;
        await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId));

        Assert.NotEmpty(_h.Logs.Lines);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_h.YooKassa.ShopId}:{_h.YooKassa.SecretKey}"));
        Assert.DoesNotContain(_h.Logs.Lines, l => l.Text.Contains(_h.YooKassa.SecretKey, StringComparison.Ordinal) || l.Text.Contains(basic, StringComparison.Ordinal));
    }

    private Task<WebhookResult> Webhook(string body) =>
        _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(PaymentsHarness.YooKassaIp, Encoding.UTF8.GetBytes(body), default));
}
