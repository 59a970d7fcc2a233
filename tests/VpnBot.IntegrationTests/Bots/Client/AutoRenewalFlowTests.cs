using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Host.Jobs;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

/// <summary>
/// Auto-renewal and win-back through the client bot's buttons: the real host on the fake Bot API, fake YooKassa,
/// real PostgreSQL; the jobs are run as Hangfire would run them.
/// </summary>
public class AutoRenewalFlowTests : IAsyncLifetime
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
    public async Task Consent_at_checkout_saves_the_card_and_the_renewal_is_charged_when_due_and_extends_the_subscription()
    {
        var userId = TestHost.NewUserId();
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "/start"));
        await Telegram.WaitForCallAsync("sendMessage", userId);
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, $"buy:p:{_shop.Plan.Id}"));
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, $"buy:s:{_shop.Plan.Id}:{_shop.Server.Id}"));
        var offer = $"arc:{_shop.Plan.Id}:{_shop.Server.Id}";
        var methods = await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Contains(offer));
        methods.AssertCallbacksFit();

        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, offer));
        var consent = await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.Text!.Contains("автопродлением", StringComparison.Ordinal));
        foreach (var term in new[] { "299 ₽", "каждые 30 дн.", "за 1 дн. до окончания", "Выключить автопродление", "Карта будет удалена" })
            Assert.Contains(term, consent.Text, StringComparison.Ordinal);
        Assert.Empty(_shop.YooKassa.Payments()); // nothing is opened before the customer agrees

        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, offer + ":y"));
        var checkout = await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Any(d => d.StartsWith("buy:c:", StringComparison.Ordinal)));
        Assert.Contains(checkout.Buttons(), b => ((string?)b["url"])?.Contains("yoomoney", StringComparison.Ordinal) == true);
        var yooId = _shop.YooKassa.Payments().Single()["id"]!.GetValue<string>();
        Assert.True((bool)_shop.YooKassa.CreateRequestOf(yooId)!["save_payment_method"]!);

        await PayAsync(yooId);
        await Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("vless://", StringComparison.Ordinal));
        DateTimeOffset expiry;
        await using (var db = _shop.Host.Db())
        {
            var user = await db.Users.SingleAsync(u => u.TelegramId == userId);
            Assert.NotNull(user.SavedPaymentMethodId);
            var subscription = await db.Subscriptions.SingleAsync(s => s.UserId == user.Id);
            Assert.True(subscription.AutoRenewal);
            Assert.NotNull(subscription.AutoRenewalConsentAt);
            Assert.Single(await db.AuditLog.Where(a => a.Action == "auto-renewal-consent" && a.ActorTelegramId == userId).ToListAsync());
            // Time moves on: the period ends in 12 hours, inside the renewal window.
            expiry = DateTimeOffset.UtcNow.AddHours(12);
            await db.Subscriptions.Where(s => s.Id == subscription.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, expiry));
            expiry = (await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == subscription.Id)).ExpiresAt!.Value; // as stored (microseconds)
        }

        await RunAsync<AutoRenewalJob>(j => j.RunAsync(default));
        await RunAsync<AutoRenewalJob>(j => j.RunAsync(default));

        Assert.Equal(2, _shop.YooKassa.PaymentCount);
        await using (var db = _shop.Host.Db())
        {
            var subscription = await db.Subscriptions.SingleAsync(s => s.User!.TelegramId == userId);
            Assert.Equal(expiry.AddDays(30), subscription.ExpiresAt);
            Assert.Equal(2, await db.Payments.CountAsync(p => p.UserId == subscription.UserId && p.Status == PaymentStatus.Completed));
        }
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "📊 Моя подписка"));
        var screen = await Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Моя подписка", StringComparison.Ordinal));
        Assert.Contains("Автопродление: включено", screen.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_auto_renewal_off_from_the_reminder_forgets_the_card_and_nothing_is_charged_nor_for_a_banned_customer()
    {
        var (userId, subscriptionId) = await SubscribedAsync(expiresIn: TimeSpan.FromDays(2), card: "pm-off");
        var (bannedId, _) = await SubscribedAsync(expiresIn: TimeSpan.FromHours(12), card: "pm-banned", banned: true);

        await RunAsync<ExpiryRemindersJob>(j => j.RunAsync(default));
        var reminder = await _shop.Host.ReplyContainingAsync(userId, "продлится автоматически");
        var off = $"sub:ar:{subscriptionId}:0";
        Assert.Contains(off, reminder.CallbackData());

        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, off));
        await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.Text!.Contains("Автопродление: выключено", StringComparison.Ordinal));
        await using (var db = _shop.Host.Db())
        {
            Assert.Null((await db.Users.SingleAsync(u => u.TelegramId == userId)).SavedPaymentMethodId);
            Assert.False((await db.Subscriptions.SingleAsync(s => s.Id == subscriptionId)).AutoRenewal);
            Assert.Single(await db.AuditLog.Where(a => a.Action == "auto-renewal-off" && a.ActorTelegramId == userId).ToListAsync());
            await db.Subscriptions.Where(s => s.Id == subscriptionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, DateTimeOffset.UtcNow.AddHours(12)));
        }

        // The same stale button again changes nothing; the renewal job charges no one.
        var screens = Telegram.CallsTo("editMessageText", userId).Count;
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, off));
        await TestWait.UntilAsync(() => Task.FromResult(Telegram.CallsTo("editMessageText", userId).Count > screens || Telegram.CallsTo("answerCallbackQuery").Count >= 2));
        await RunAsync<AutoRenewalJob>(j => j.RunAsync(default));

        Assert.Equal(0, _shop.YooKassa.PaymentCount);
        await using (var db = _shop.Host.Db())
        {
            Assert.Equal(0, await db.Payments.CountAsync());
            Assert.Single(await db.AuditLog.Where(a => a.Action == "auto-renewal-off").ToListAsync());
            Assert.NotNull((await db.Users.SingleAsync(u => u.TelegramId == bannedId)).SavedPaymentMethodId); // paused, not forgotten
        }
    }

    [Fact]
    public async Task Turning_auto_renewal_on_without_a_saved_card_leads_to_the_consent_checkout()
    {
        var (userId, subscriptionId) = await SubscribedAsync(expiresIn: TimeSpan.FromDays(10), card: null);

        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, $"sub:ar:{subscriptionId}:1"));
        var consent = await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.Text!.Contains("каждые 30 дн.", StringComparison.Ordinal));
        var agree = $"arc:{_shop.Plan.Id}:0:y";
        Assert.Contains(agree, consent.CallbackData());
        Assert.Contains("sub", consent.CallbackData()); // back to My subscription

        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, agree));
        await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Any(d => d.StartsWith("buy:c:", StringComparison.Ordinal)));
        var yooId = _shop.YooKassa.Payments().Single()["id"]!.GetValue<string>();
        Assert.True((bool)_shop.YooKassa.CreateRequestOf(yooId)!["save_payment_method"]!);

        await PayAsync(yooId);
        await TestWait.UntilAsync(async () =>
        {
            await using var db = _shop.Host.Db();
            return (await db.Subscriptions.SingleAsync(s => s.Id == subscriptionId)).AutoRenewal;
        }, what: "auto-renewal switched on by the consented payment");
        await using (var db = _shop.Host.Db())
            Assert.NotNull((await db.Users.SingleAsync(u => u.TelegramId == userId)).SavedPaymentMethodId);

        // Stale or forged consent buttons: a plan that does not exist, junk.
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, "arc:987654:0:y"));
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, "arc:junk"));
        await TestWait.UntilAsync(() => Task.FromResult(Telegram.CallsTo("answerCallbackQuery").Count(c => (string?)c["text"] is { Length: > 0 }) >= 2));
        Assert.Single(_shop.YooKassa.Payments());
        Assert.DoesNotContain(_shop.Host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    [Fact]
    public async Task A_declined_renewal_is_told_once_with_a_pay_button_that_opens_the_checkout_for_the_plan()
    {
        var (userId, subscriptionId) = await SubscribedAsync(expiresIn: TimeSpan.FromHours(12), card: "pm-declined");
        _shop.YooKassa.DecliningMethods["pm-declined"] = true;

        await RunAsync<AutoRenewalJob>(j => j.RunAsync(default));
        await RunAsync<AutoRenewalJob>(j => j.RunAsync(default));

        var notice = await _shop.Host.ReplyContainingAsync(userId, "Не удалось автоматически продлить");
        var pay = $"buy:p:{_shop.Plan.Id}";
        Assert.Equal([pay], notice.CallbackData());
        Assert.Equal(1, _shop.YooKassa.PaymentCount);
        Assert.Single(Telegram.CallsTo("sendMessage", userId), c => c.Text!.Contains("Не удалось автоматически продлить", StringComparison.Ordinal));

        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, pay));
        await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Contains($"buy:m:{_shop.Plan.Id}:0:yookassa"));
        await using var db = _shop.Host.Db();
        Assert.NotNull((await db.Subscriptions.SingleAsync(s => s.Id == subscriptionId)).RenewalFailureNoticeFor);
    }

    [Fact]
    public async Task A_lapsed_customer_is_invited_back_once_with_a_renew_button()
    {
        var (userId, subscriptionId) = await SubscribedAsync(expiresIn: TimeSpan.FromHours(-2), card: null, status: SubscriptionStatus.Expired);

        await RunAsync<WinBackJob>(j => j.RunAsync(default));
        await RunAsync<WinBackJob>(j => j.RunAsync(default));

        var message = await _shop.Host.ReplyContainingAsync(userId, "Сегодня ваша подписка закончилась");
        var renew = $"buy:p:{_shop.Plan.Id}";
        Assert.Equal([renew], message.CallbackData());
        Assert.Single(Telegram.CallsTo("sendMessage", userId));
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, renew));
        await Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Contains($"buy:m:{_shop.Plan.Id}:0:yookassa"));
        await using var db = _shop.Host.Db();
        Assert.Equal(0, (await db.Subscriptions.SingleAsync(s => s.Id == subscriptionId)).WinBackDaysAfter);
    }

    private async Task PayAsync(string yooId)
    {
        _shop.YooKassa.Succeed(yooId);
        var response = await _http.PostAsync(_shop.Host.BaseUrl + "/webhooks/payments/yookassa",
            new StringContent(_shop.YooKassa.NotificationBody("payment.succeeded", yooId), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task RunAsync<TJob>(Func<TJob, Task> run) where TJob : notnull
    {
        await using var scope = _shop.Host.App.Services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    /// <summary>A customer with a subscription to the shop's plan on its server; <paramref name="card"/> saved at the fake YooKassa and switched on.</summary>
    private async Task<(long TelegramId, long SubscriptionId)> SubscribedAsync(TimeSpan expiresIn, string? card, bool banned = false,
        SubscriptionStatus status = SubscriptionStatus.Active)
    {
        var telegramId = TestHost.NewUserId();
        if (card is not null) _shop.YooKassa.AddSavedMethod(card);
        await using var db = _shop.Host.Db();
        var now = DateTimeOffset.UtcNow;
        var user = new User { TelegramId = telegramId, LanguageCode = "ru", SavedPaymentMethodId = card, IsBanned = banned, CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        var subscription = new Subscription
        {
            UserId = user.Id, PlanId = _shop.Plan.Id, ServerId = _shop.Server.Id, Status = status, AutoRenewal = card is not null,
            StartedAt = now.AddDays(-20), ExpiresAt = now + expiresIn, CreatedAt = now, UpdatedAt = now,
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return (telegramId, subscription.Id);
    }
}
