using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Host.Telegram.Hosting;
using VpnBot.IntegrationTests.Bots.Admin;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Payments.Stars;

/// <summary>
/// A Telegram Stars payment is never lost: saved before the update is acknowledged, applied once, retried when
/// handling fails, and alerted to the admins with a refund button when it cannot be applied. Real host, real
/// PostgreSQL (faults injected into it), fake Bot API.
/// </summary>
public class StarsReceiptTests : IAsyncLifetime
{
    private StarsReceiptHost _h = null!;

    public async Task InitializeAsync() => _h = await StarsReceiptHost.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_customer_banned_between_pre_checkout_and_payment_has_the_payment_kept_held_and_alerted_for_refund()
    {
        var customer = TestHost.NewUserId();
        var (_, payment, payload) = await _h.OrderAsync(customer, banned: true);

        _h.Pay(customer, payload, "stxBanned1");

        // Product decision: no access for a banned customer, but the money is on record and an admin settles it.
        var receipt = await _h.WaitForReceiptAsync("stxBanned1", r => r.State == StarsReceiptState.Held, "the receipt held");
        Assert.Equal((150, "XTR", customer, payload), (receipt.Amount, receipt.Currency, receipt.TelegramUserId, receipt.InvoicePayload));
        var alert = await _h.WaitForAlertAsync("stxBanned1");
        var id = StarsReceiptHost.Num(receipt.Id);
        Assert.Equal([$"str:r:{id}", $"str:t:{id}", $"str:d:{id}"], alert.CallbackData());
        await using (var db = _h.Host.Db())
        {
            Assert.Equal(PaymentStatus.Pending, (await db.Payments.SingleAsync(p => p.Id == payment.Id)).Status);
            Assert.False(await db.Subscriptions.AnyAsync());
        }
        Assert.Contains(_h.Host.Logs.RenderedLines(), l => l.Contains("stxBanned1", StringComparison.Ordinal));

        // The admin marks it dealt with (refunded some other way): closed, audited, the buttons are gone.
        var done = await _h.Admin.PressAsync($"str:d:{id}");
        Assert.Contains("Marked as dealt with", done.Text, StringComparison.Ordinal);
        Assert.Empty(done.CallbackData());
        await using (var db = _h.Host.Db())
        {
            Assert.Equal(StarsReceiptState.DealtWith, (await db.StarsReceipts.SingleAsync()).State);
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "stars-dealt-with" && a.TargetId == id));
        }
        Assert.Empty(_h.Telegram.CallsTo("refundStarPayment"));
    }

    [Fact]
    public async Task A_held_payment_is_applied_once_when_an_admin_unbans_the_customer_and_presses_retry()
    {
        var customer = TestHost.NewUserId();
        var (user, payment, payload) = await _h.OrderAsync(customer, banned: true);
        _h.Pay(customer, payload, "stxUnbanned1");
        var receipt = await _h.WaitForReceiptAsync("stxUnbanned1", r => r.State == StarsReceiptState.Held, "the receipt held");
        await _h.WaitForAlertAsync("stxUnbanned1");
        var id = StarsReceiptHost.Num(receipt.Id);

        await _h.ExecuteAsync($"UPDATE users SET is_banned = false WHERE id = {user.Id}");
        var retried = await _h.Admin.PressAsync($"str:t:{id}");

        Assert.Contains("Retried by", retried.Text, StringComparison.Ordinal);
        Assert.Contains(": applied", retried.Text, StringComparison.Ordinal);
        Assert.Empty(retried.CallbackData());
        await using (var db = _h.Host.Db())
        {
            var applied = await db.StarsReceipts.SingleAsync();
            Assert.Equal((StarsReceiptState.Applied, payment.Id), (applied.State, applied.PaymentId));
            Assert.Equal(PaymentStatus.Completed, (await db.Payments.SingleAsync(p => p.Id == payment.Id)).Status);
            Assert.Equal(1, await db.Subscriptions.CountAsync(s => s.UserId == user.Id));
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "stars-retry" && a.TargetId == id));
        }

        // A second press finds it settled and changes nothing.
        Assert.Contains("already settled", (await _h.Admin.PressForAnswerAsync($"str:t:{id}"))["text"], StringComparison.Ordinal);
        await using (var db = _h.Host.Db())
        {
            Assert.Equal(1, await db.ProcessedEvents.CountAsync(e => e.Provider == "stars"));
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.TargetType == "stars_receipt"));
        }
        Assert.Empty(_h.Telegram.CallsTo("refundStarPayment"));
    }

    [Fact]
    public async Task An_unmatched_payment_is_alerted_and_refunding_it_after_confirmation_calls_telegram_once()
    {
        var customer = TestHost.NewUserId();

        _h.Pay(customer, "vpnbot:987654", "stxNoOrder1");

        var receipt = await _h.WaitForReceiptAsync("stxNoOrder1", r => r.State == StarsReceiptState.Unmatched, "the receipt unmatched");
        var id = StarsReceiptHost.Num(receipt.Id);
        var alert = await _h.WaitForAlertAsync("stxNoOrder1");
        Assert.Contains("vpnbot:987654", alert.Text, StringComparison.Ordinal);
        Assert.Equal([$"str:r:{id}", $"str:t:{id}", $"str:d:{id}"], alert.CallbackData());

        var ask = await _h.Admin.PressAsync($"str:r:{id}");
        Assert.Contains("Refund 150 XTR", ask.Text, StringComparison.Ordinal);
        Assert.Equal([$"str:ry:{id}", $"str:b:{id}"], ask.CallbackData());
        Assert.Empty(_h.Telegram.CallsTo("refundStarPayment"));

        var refunded = await _h.Admin.PressAsync($"str:ry:{id}");
        Assert.Contains("Stars refunded to the customer", refunded.Text, StringComparison.Ordinal);
        var refund = Assert.Single(_h.Telegram.CallsTo("refundStarPayment"));
        Assert.Equal((TestHost.ClientToken, StarsReceiptHost.Num(customer), "stxNoOrder1"), (refund.Token, refund["user_id"], refund["telegram_payment_charge_id"]));
        await using (var db = _h.Host.Db())
        {
            Assert.Equal(StarsReceiptState.Refunded, (await db.StarsReceipts.SingleAsync()).State);
            var audit = await db.AuditLog.SingleAsync(a => a.Action == "stars-refund");
            Assert.Equal((AdminBotHarness.AdminId, id), (audit.ActorTelegramId, audit.TargetId));
        }

        // Pressing again (a double tap, another admin, the old confirmation) refunds nothing.
        Assert.Contains("already settled", (await _h.Admin.PressForAnswerAsync($"str:ry:{id}"))["text"], StringComparison.Ordinal);
        Assert.Contains("already settled", (await _h.Admin.PressForAnswerAsync($"str:r:{id}"))["text"], StringComparison.Ordinal);
        Assert.Single(_h.Telegram.CallsTo("refundStarPayment"));
        await using (var db = _h.Host.Db())
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.TargetType == "stars_receipt"));
    }

    [Fact]
    public async Task A_payment_whose_handling_fails_is_kept_retried_alerted_after_three_failures_and_applied_once()
    {
        var customer = TestHost.NewUserId();
        var (user, payment, payload) = await _h.OrderAsync(customer);
        await _h.BreakPaymentUpdatesAsync();

        _h.Pay(customer, payload, "stxFlaky1");

        var receipt = await _h.WaitForReceiptAsync("stxFlaky1", r => r.Attempts == 1, "the first failed attempt");
        Assert.Equal(StarsReceiptState.Received, receipt.State);
        Assert.Contains("injected", receipt.LastError, StringComparison.Ordinal);
        await TestWait.UntilAsync(() => Task.FromResult(_h.Telegram.PendingUpdates(TestHost.ClientToken) == 0), what: "the update acknowledged");

        await _h.RunRetryJobAsync();
        Assert.Equal(0, _h.AlertsAbout("stxFlaky1"));
        await _h.RunRetryJobAsync();
        Assert.Equal(3, (await _h.ReceiptAsync("stxFlaky1")).Attempts);
        await _h.WaitForAlertAsync("stxFlaky1");

        await _h.MendPaymentUpdatesAsync();
        await _h.RunRetryJobAsync();

        receipt = await _h.ReceiptAsync("stxFlaky1");
        Assert.Equal((StarsReceiptState.Applied, payment.Id), (receipt.State, receipt.PaymentId));
        DateTimeOffset? expires;
        await using (var db = _h.Host.Db())
        {
            var paid = await db.Payments.SingleAsync(p => p.Id == payment.Id);
            Assert.Equal((PaymentStatus.Completed, "stxFlaky1"), (paid.Status, paid.ExternalPaymentId));
            expires = (await db.Subscriptions.SingleAsync(s => s.UserId == user.Id)).ExpiresAt;
            Assert.Equal(paid.PaidAt!.Value.AddDays(30), expires);
        }

        // Applied twice never gives access twice: the job again, and Telegram repeating the update.
        await _h.RunRetryJobAsync();
        _h.Pay(customer, payload, "stxFlaky1");
        await TestWait.UntilAsync(() => Task.FromResult(_h.Telegram.PendingUpdates(TestHost.ClientToken) == 0), what: "the repeat acknowledged");
        await Task.Delay(500);
        await using (var db = _h.Host.Db())
        {
            Assert.Equal(expires, (await db.Subscriptions.SingleAsync(s => s.UserId == user.Id)).ExpiresAt);
            Assert.Equal(1, await db.StarsReceipts.CountAsync());
            Assert.Equal(1, await db.ProcessedEvents.CountAsync(e => e.Provider == "stars"));
        }
        Assert.Equal(1, _h.AlertsAbout("stxFlaky1"));
    }

    [Fact]
    public async Task A_payment_update_that_cannot_be_saved_is_not_acknowledged_and_is_applied_once_saving_works()
    {
        var customer = TestHost.NewUserId();
        var (_, payment, payload) = await _h.OrderAsync(customer);
        await _h.ExecuteAsync("ALTER TABLE stars_receipts RENAME TO stars_receipts_away");
        var handedOut = 0;
        long updateId = -1;
        _h.Telegram.OnUpdatesHandedOut = (token, ids) =>
        {
            if (token == TestHost.ClientToken && ids.Contains(Volatile.Read(ref updateId))) Interlocked.Increment(ref handedOut);
        };

        Volatile.Write(ref updateId, _h.Pay(customer, payload, "stxUnsaved1"));

        // Handed out again and again: the offset did not move past it, so Telegram still holds it.
        await TestWait.UntilAsync(() => Task.FromResult(Volatile.Read(ref handedOut) >= 3), TimeSpan.FromSeconds(20), "the update handed out again");
        Assert.Equal(1, _h.Telegram.PendingUpdates(TestHost.ClientToken));
        await using (var db = _h.Host.Db())
            Assert.Equal(PaymentStatus.Pending, (await db.Payments.SingleAsync(p => p.Id == payment.Id)).Status);

        await _h.ExecuteAsync("ALTER TABLE stars_receipts_away RENAME TO stars_receipts");

        await _h.WaitForReceiptAsync("stxUnsaved1", r => r.State == StarsReceiptState.Applied, "the receipt applied");
        await TestWait.UntilAsync(() => Task.FromResult(_h.Telegram.PendingUpdates(TestHost.ClientToken) == 0), what: "the update acknowledged");
        await using (var db = _h.Host.Db())
        {
            Assert.Equal(PaymentStatus.Completed, (await db.Payments.SingleAsync(p => p.Id == payment.Id)).Status);
            Assert.Equal(1, await db.Subscriptions.CountAsync());
        }
    }
}

public class StarsReceiptWebhookTests : IAsyncLifetime
{
    private const string Secret = "s3cret_Token-for-stars";
    private StarsReceiptHost _h = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _h = await StarsReceiptHost.StartAsync(c =>
    {
        c["Telegram:Mode"] = "Webhook";
        c["Telegram:WebhookBaseUrl"] = "https://bot.example.com/";
        c["Telegram:WebhookSecret"] = Secret;
    });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task A_payment_update_that_cannot_be_saved_is_answered_503_so_telegram_sends_it_again()
    {
        var customer = TestHost.NewUserId();
        var (_, payment, payload) = await _h.OrderAsync(customer);
        var body = Updates.SuccessfulPayment(customer, payload, 150, "stxHook1");
        body["update_id"] = 4242;
        await _h.ExecuteAsync("ALTER TABLE stars_receipts RENAME TO stars_receipts_away");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostAsync(body.ToJsonString())).StatusCode);
        await Task.Delay(300);
        await using (var db = _h.Host.Db())
            Assert.Equal(PaymentStatus.Pending, (await db.Payments.SingleAsync(p => p.Id == payment.Id)).Status);

        await _h.ExecuteAsync("ALTER TABLE stars_receipts_away RENAME TO stars_receipts");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body.ToJsonString())).StatusCode);

        await _h.WaitForReceiptAsync("stxHook1", r => r.State == StarsReceiptState.Applied, "the receipt applied");
        await using (var db = _h.Host.Db())
            Assert.Equal(PaymentStatus.Completed, (await db.Payments.SingleAsync(p => p.Id == payment.Id)).Status);
    }

    private Task<HttpResponseMessage> PostAsync(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _h.Host.BaseUrl + "/webhooks/telegram/client")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, Secret);
        return _http.SendAsync(request);
    }
}
