using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Host.Telegram;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Admin;

public class DashboardTests : IAsyncLifetime
{
    private const long ConfiguredAdmin = 900_000_001;
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(c => c["Admins:TelegramIds"] = ConfiguredAdmin.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_customer_is_refused_by_the_admin_bot()
    {
        var userId = TestHost.NewUserId();
        _host.Send(Updates.Text(userId, "/start"), BotKind.Admin);
        var reply = await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Token == TestHost.AdminToken);
        Assert.Contains("только для администраторов", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Панель", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_users_subscriptions_and_revenue_and_can_refresh_in_place()
    {
        await using (var db = _host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            var customer = new Core.Users.User { TelegramId = 55, CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
            db.Users.Add(customer);
            await db.SaveChangesAsync();
            db.Subscriptions.Add(new Core.Subscriptions.Subscription { UserId = customer.Id, Status = SubscriptionStatus.Active, ExpiresAt = now.AddDays(10), CreatedAt = now, UpdatedAt = now });
            db.AddPaymentRow(new Payment { UserId = customer.Id, PaymentMethod = "yookassa", Amount = 299.50m, Currency = "RUB", CreatedAt = now }, PaymentStatus.Completed, externalId: "p1", paidAt: now);
            db.AddPaymentRow(new Payment { UserId = customer.Id, PaymentMethod = "yookassa", Amount = 100m, Currency = "RUB", CreatedAt = now }, PaymentStatus.Pending, externalId: "p2");
            await db.SaveChangesAsync();
        }

        _host.Send(Updates.Text(ConfiguredAdmin, "/start", languageCode: "en"), BotKind.Admin);
        var dashboard = await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == ConfiguredAdmin);
        Assert.Contains("Users: <b>2</b>", dashboard.Text, StringComparison.Ordinal); // the customer and the admin
        Assert.Contains("Active subscriptions: <b>1</b>", dashboard.Text, StringComparison.Ordinal);
        Assert.Contains("299.5 RUB", dashboard.Text, StringComparison.Ordinal);
        Assert.Contains("dash", dashboard.CallbackData());
        Assert.Contains("usr", dashboard.CallbackData());
        Assert.DoesNotContain("Waiting for you", dashboard.Text, StringComparison.Ordinal); // nothing needs a person

        _host.Send(Updates.Callback(ConfiguredAdmin, "dash", messageId: 4242, languageCode: "en"), BotKind.Admin);
        var edit = await _host.Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == ConfiguredAdmin);
        Assert.Equal("4242", edit["message_id"]);
        Assert.Single(_host.Telegram.CallsTo("answerCallbackQuery"));
    }

    [Fact]
    public async Task Payments_to_review_and_stuck_changes_are_pointed_out_on_the_dashboard()
    {
        await using (var db = _host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            var customer = new Core.Users.User { TelegramId = 56, CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
            db.Users.Add(customer);
            await db.SaveChangesAsync();
            var subscription = new Core.Subscriptions.Subscription { UserId = customer.Id, Status = SubscriptionStatus.Active, ExpiresAt = now.AddDays(10), CreatedAt = now, UpdatedAt = now };
            db.Subscriptions.Add(subscription);
            db.AddPaymentRow(new Payment { UserId = customer.Id, PaymentMethod = "yookassa", Amount = 1m, Currency = "RUB", CreatedAt = now }, externalId: "r1", reviewReason: "paid 1 RUB, offered 299 RUB");
            await db.SaveChangesAsync();
            db.BackendTasks.Add(new Core.Subscriptions.BackendTask { Kind = Core.Subscriptions.BackendTaskKind.Sync, SubscriptionId = subscription.Id, Attempts = 9, NextAttemptAt = now.AddHours(1), CreatedAt = now });
            await db.SaveChangesAsync();
        }

        _host.Send(Updates.Text(ConfiguredAdmin, "/start", languageCode: "en"), BotKind.Admin);

        var dashboard = await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == ConfiguredAdmin);
        Assert.Contains("Waiting for you: 1 payments to review (/reviews), 1 changes not reaching their servers.", dashboard.Text, StringComparison.Ordinal);
    }
}
