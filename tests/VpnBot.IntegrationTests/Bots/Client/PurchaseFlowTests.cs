using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Qr;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public partial class PurchaseFlowTests : IAsyncLifetime
{
    private ShopFixture _shop = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _shop = await ShopFixture.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _shop.DisposeAsync();
    }

    private FakeBotApiServer Telegram => _shop.Host.Telegram;

    [Fact]
    public async Task A_new_customer_buys_with_yookassa_and_gets_a_working_key_then_sees_and_reissues_it()
    {
        var userId = TestHost.NewUserId();
        var payment = await WalkToCheckoutAsync(userId, "yookassa");
        Assert.Contains("yoomoney", payment.PayUrl, StringComparison.Ordinal);

        // The customer pays at YooKassa; YooKassa notifies the host.
        var yooId = _shop.YooKassa.Payments().Last()["id"]!.GetValue<string>();
        _shop.YooKassa.Succeed(yooId);
        var notify = await _http.PostAsync(_shop.Host.BaseUrl + "/webhooks/payments/yookassa",
            new StringContent(_shop.YooKassa.NotificationBody("payment.succeeded", yooId), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, notify.StatusCode);

        var link = await ExpectKeyDeliveredAsync(userId);
        await using (var db = _shop.Host.Db())
        {
            var sub = await db.Subscriptions.Include(s => s.User).SingleAsync(s => s.User!.TelegramId == userId);
            Assert.Equal(SubscriptionStatus.Active, sub.Status);
            Assert.Equal(_shop.Server.Id, sub.ServerId);
            Assert.InRange(sub.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(29.9), DateTimeOffset.UtcNow.AddDays(30.1));
            var config = await db.VpnConfigs.SingleAsync(c => c.SubscriptionId == sub.Id);
            Assert.Equal(link, config.ConnectionString);
            Assert.NotNull(_shop.Panel.Client(config.ExternalName));
        }

        // My subscription shows the dates.
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "📊 Моя подписка"));
        var subScreen = await Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Моя подписка", StringComparison.Ordinal));
        Assert.Contains("осталось дней: 30", subScreen.Text, StringComparison.Ordinal);
        Assert.Contains("Germany", subScreen.Text, StringComparison.Ordinal);

        // My key re-sends the same stored key.
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "🔑 Мой ключ"));
        var list = await Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.CallbackData().Any(d => d.StartsWith("cfg:s:", StringComparison.Ordinal)));
        var send = list.CallbackData().First(d => d.StartsWith("cfg:s:", StringComparison.Ordinal));
        var before = Telegram.CallsTo("sendMessage", userId).Count;
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, send));
        await TestWait.UntilAsync(() => Task.FromResult(Telegram.CallsTo("sendMessage", userId).Skip(before).Any(c => c.Text!.Contains("vless://", StringComparison.Ordinal))));
        Assert.Equal(link, LinkIn(Telegram.CallsTo("sendMessage", userId).Skip(before).First(c => c.Text!.Contains("vless://", StringComparison.Ordinal)).Text!));

        // Re-issue revokes the old client on the panel and delivers a new key.
        string oldEmail;
        await using (var db = _shop.Host.Db()) oldEmail = (await db.VpnConfigs.SingleAsync()).ExternalName;
        var configId = send.Split(':')[2];
        before = Telegram.CallsTo("sendMessage", userId).Count;
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, $"cfg:r:{configId}:y"));
        await TestWait.UntilAsync(() => Task.FromResult(Telegram.CallsTo("sendMessage", userId).Skip(before).Any(c => c.Text!.Contains("vless://", StringComparison.Ordinal))));
        var newLink = LinkIn(Telegram.CallsTo("sendMessage", userId).Skip(before).First(c => c.Text!.Contains("vless://", StringComparison.Ordinal)).Text!);
        Assert.NotEqual(link, newLink);
        Assert.Null(_shop.Panel.Client(oldEmail));
        await using (var db = _shop.Host.Db())
            Assert.Equal(1, await db.VpnConfigs.CountAsync(c => c.IsActive));
    }

    [Fact]
    public async Task Renewing_an_active_subscription_extends_it_from_its_expiry_and_keeps_the_same_key()
    {
        var userId = TestHost.NewUserId();
        await WalkToCheckoutAsync(userId, "yookassa");
        await PayLatestYooKassaAsync();
        var link = await ExpectKeyDeliveredAsync(userId);
        DateTimeOffset firstExpiry;
        await using (var db = _shop.Host.Db()) firstExpiry = (await db.Subscriptions.SingleAsync()).ExpiresAt!.Value;

        // Renewal skips the location: the plan goes straight to the payment methods, for the same server.
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "🛒 Купить / продлить"));
        var plans = await Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("новый период добавится", StringComparison.Ordinal));
        Assert.Contains($"buy:p:{_shop.Plan.Id}", plans.CallbackData());
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, $"buy:p:{_shop.Plan.Id}"));
        var renewData = $"buy:m:{_shop.Plan.Id}:0:yookassa";
        await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Contains(renewData));
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, renewData));
        await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Count(d => d.StartsWith("buy:c:", StringComparison.Ordinal)) == 1
            && _shop.YooKassa.Payments().Count == 2);
        await PayLatestYooKassaAsync();

        await TestWait.UntilAsync(async () =>
        {
            await using var db = _shop.Host.Db();
            return (await db.Subscriptions.SingleAsync()).ExpiresAt > firstExpiry.AddDays(29);
        }, what: "the renewal extending the subscription");
        await using (var db = _shop.Host.Db())
        {
            var sub = await db.Subscriptions.SingleAsync();
            Assert.Equal(firstExpiry.AddDays(30), sub.ExpiresAt);
            var config = await db.VpnConfigs.SingleAsync();
            Assert.True(config.IsActive);
            Assert.Equal(link, config.ConnectionString);
            // The new expiry reaches the panel too (a Sync task), on the same client.
            var expectedMs = sub.ExpiresAt!.Value.ToUnixTimeMilliseconds();
            await TestWait.UntilAsync(() => Task.FromResult(_shop.Panel.Client(config.ExternalName)?["expiryTime"]?.GetValue<long>() == expectedMs),
                what: "the panel client's expiry moved to the renewed date");
        }
        Assert.Single(_shop.Panel.Clients);
    }

    private async Task PayLatestYooKassaAsync()
    {
        var yooId = _shop.YooKassa.Payments().Last()["id"]!.GetValue<string>();
        _shop.YooKassa.Succeed(yooId);
        var response = await _http.PostAsync(_shop.Host.BaseUrl + "/webhooks/payments/yookassa",
            new StringContent(_shop.YooKassa.NotificationBody("payment.succeeded", yooId), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_customer_pays_with_crypto_pay_and_the_signed_webhook_activates_once()
    {
        var userId = TestHost.NewUserId();
        await WalkToCheckoutAsync(userId, "cryptopay");
        long invoiceId;
        await using (var lookup = _shop.Host.Db())
            invoiceId = long.Parse((await lookup.Payments.SingleAsync(p => p.PaymentMethod == "cryptopay")).ExternalPaymentId!, System.Globalization.CultureInfo.InvariantCulture);
        _shop.CryptoPay.MarkPaid(invoiceId);
        var (body, signature) = _shop.CryptoPay.Webhook(invoiceId);
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _shop.Host.BaseUrl + "/webhooks/payments/cryptopay") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("crypto-pay-api-signature", signature);
            Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(request)).StatusCode);
        }
        await ExpectKeyDeliveredAsync(userId);
        await using var db = _shop.Host.Db();
        Assert.Equal(1, await db.Payments.CountAsync(p => p.Status == PaymentStatus.Completed));
        var sub = await db.Subscriptions.SingleAsync();
        Assert.InRange(sub.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(29.9), DateTimeOffset.UtcNow.AddDays(30.1));
    }

    [Fact]
    public async Task A_customer_pays_with_stars_through_the_bot_api()
    {
        var userId = TestHost.NewUserId();
        var checkout = await WalkToCheckoutAsync(userId, "stars");
        var invoice = Assert.Single(Telegram.CallsTo("createInvoiceLink"));
        Assert.Equal("XTR", invoice["currency"]);
        Assert.Contains("\"amount\":150", invoice["prices"], StringComparison.Ordinal);
        Assert.StartsWith("https://t.me/$", checkout.PayUrl, StringComparison.Ordinal);
        var payload = invoice["payload"]!;

        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.PreCheckout(userId, payload, 150));
        var answer = await Telegram.WaitForCallAsync(c => c.Method == "answerPreCheckoutQuery");
        Assert.Equal("true", answer["ok"]);
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.SuccessfulPayment(userId, payload, 150, "stxCharge-" + userId));
        await ExpectKeyDeliveredAsync(userId);
        await using var db = _shop.Host.Db();
        var paid = await db.Payments.SingleAsync(p => p.Status == PaymentStatus.Completed);
        Assert.Equal("XTR", paid.Currency);
        Assert.Equal(150m, paid.Amount);
    }

    [Fact]
    public async Task A_stars_pre_checkout_for_a_changed_price_is_refused_with_a_reason()
    {
        var userId = TestHost.NewUserId();
        await WalkToCheckoutAsync(userId, "stars");
        var payload = Telegram.CallsTo("createInvoiceLink").Single()["payload"]!;
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.PreCheckout(userId, payload, 1));
        var answer = await Telegram.WaitForCallAsync(c => c.Method == "answerPreCheckoutQuery");
        Assert.NotEqual("true", answer["ok"]);
        Assert.False(string.IsNullOrWhiteSpace(answer["error_message"]));
        await using var db = _shop.Host.Db();
        Assert.False(await db.Subscriptions.AnyAsync());
    }

    [Fact]
    public async Task When_the_panel_is_down_the_payment_is_kept_the_customer_is_told_and_the_key_arrives_once_it_is_back()
    {
        var userId = TestHost.NewUserId();
        await WalkToCheckoutAsync(userId, "yookassa");
        await _shop.Panel.StopListeningAsync();
        var yooId = _shop.YooKassa.Payments().Last()["id"]!.GetValue<string>();
        _shop.YooKassa.Succeed(yooId);
        await _http.PostAsync(_shop.Host.BaseUrl + "/webhooks/payments/yookassa",
            new StringContent(_shop.YooKassa.NotificationBody("payment.succeeded", yooId), Encoding.UTF8, "application/json"));

        var told = await Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Оплата получена", StringComparison.Ordinal));
        Assert.Contains("готовим ваш ключ", told.Text, StringComparison.Ordinal);
        await using (var db = _shop.Host.Db())
        {
            Assert.Equal(SubscriptionStatus.Active, (await db.Subscriptions.SingleAsync()).Status);
            await TestWait.UntilAsync(async () => await db.BackendTasks.AnyAsync(t => t.Attempts > 0 && t.CompletedAt == null), what: "a failed provisioning attempt");
        }
        await _shop.Panel.ResumeListeningAsync();
        await ExpectKeyDeliveredAsync(userId, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_button_for_a_withdrawn_plan_gets_a_polite_note_and_the_current_plans()
    {
        var userId = TestHost.NewUserId();
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "/start"));
        await Telegram.WaitForCallAsync("sendMessage", userId);
        await using (var db = _shop.Host.Db())
            await db.Plans.ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, $"buy:p:{_shop.Plan.Id}"));
        var toast = await Telegram.WaitForCallAsync(c => c.Method == "answerCallbackQuery" && c["text"] != null);
        Assert.Contains("больше недоступен", toast["text"], StringComparison.Ordinal);
        await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.Text!.Contains("скоро появятся", StringComparison.Ordinal));
        Assert.DoesNotContain(_shop.Host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    private sealed record Checkout(string PayUrl, string CheckData);

    /// <summary>/start → Buy → plan → location → method → the checkout screen with its pay button.</summary>
    private async Task<Checkout> WalkToCheckoutAsync(long userId, string method)
    {
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "/start"));
        await Telegram.WaitForCallAsync("sendMessage", userId);
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "🛒 Купить / продлить"));
        var plans = await Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.CallbackData().Contains($"buy:p:{_shop.Plan.Id}"));
        Assert.Contains("299", plans.Text, StringComparison.Ordinal);

        var planData = $"buy:p:{_shop.Plan.Id}";
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, planData));
        var locationData = $"buy:s:{_shop.Plan.Id}:{_shop.Server.Id}";
        await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Contains(locationData));
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, locationData));
        var methodData = $"buy:m:{_shop.Plan.Id}:{_shop.Server.Id}:{method}";
        var methods = await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Contains(methodData));
        Assert.Equal(3, methods.CallbackData().Count(d => d.StartsWith("buy:m:", StringComparison.Ordinal)));
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, methodData));
        var checkout = await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Any(d => d.StartsWith("buy:c:", StringComparison.Ordinal)));
        var pay = checkout.Buttons().Select(b => (string?)b["url"]).OfType<string>().Single();
        return new Checkout(pay, checkout.CallbackData().Single(d => d.StartsWith("buy:c:", StringComparison.Ordinal)));
    }

    /// <summary>The key message (copyable vless link) and its QR photo, which must decode to the same link.</summary>
    private async Task<string> ExpectKeyDeliveredAsync(long userId, TimeSpan? timeout = null)
    {
        var message = await Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("vless://", StringComparison.Ordinal), timeout);
        var link = LinkIn(message.Text!);
        var photo = await Telegram.WaitForCallAsync("sendPhoto", userId);
        Assert.Equal(link, QrReader.Decode(photo.File("photo")!.Content));
        return link;
    }

    private static string LinkIn(string html) => WebUtility.HtmlDecode(VlessLink().Match(html).Value);

    [GeneratedRegex("vless://[^<\\s]+")]
    private static partial Regex VlessLink();
}
