using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Support;
using VpnBot.Host.Telegram;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;
using static VpnBot.IntegrationTests.Bots.Admin.AdminBotHarness;

namespace VpnBot.IntegrationTests.Bots.Admin;

public class UserAdminTests : IAsyncLifetime
{
    private AdminBotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await AdminBotHarness.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task A_customer_gets_no_user_card_and_cannot_ban_anyone()
    {
        var customer = TestHost.NewUserId();
        var victim = await _bot.SeedUserAsync(TestHost.NewUserId(), username: "victim");

        var reply = await _bot.SendTextAsync("/user @victim", from: customer);
        Assert.Contains("administrators only", reply.Text, StringComparison.Ordinal);
        await _bot.PressForAnswerAsync($"ban:yes:{victim.TelegramId}", from: customer);
        var refusals = await _bot.PressAsync($"usr:{victim.TelegramId}", from: customer);

        Assert.Contains("administrators only", refusals.Text, StringComparison.Ordinal);
        Assert.Empty(_bot.Telegram.CallsTo("editMessageText"));
        Assert.DoesNotContain(_bot.Telegram.CallsTo("sendMessage", customer), c => c.Text!.Contains("victim", StringComparison.Ordinal));
        await using var db = _bot.Host.Db();
        Assert.False((await db.Users.SingleAsync(u => u.TelegramId == victim.TelegramId)).IsBanned);
        Assert.Empty(await db.AuditLog.ToListAsync());
    }

    [Fact]
    public async Task The_card_shows_names_language_dates_role_subscriptions_payments_and_open_tickets()
    {
        var created = new DateTimeOffset(2026, 3, 14, 9, 26, 0, TimeSpan.Zero);
        var user = await _bot.SeedUserAsync(TestHost.NewUserId(), username: "Ivan_Petrov", firstName: "Иван", lastName: "<Петров>", createdAt: created);
        await using (var db = _bot.Host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            var plan = new SubscriptionPlan { Name = "Месяц", DurationDays = 30, Price = 299m, Currency = "RUB", CreatedAt = now, UpdatedAt = now };
            var server = new Server { Name = "de-1", Location = "Germany", CountryCode = "DE", IpAddress = "203.0.113.10", SupportedProtocols = [VpnProtocol.Vless], CreatedAt = now, UpdatedAt = now };
            db.AddRange(plan, server);
            await db.SaveChangesAsync();
            db.Subscriptions.Add(new Subscription
            {
                UserId = user.Id, PlanId = plan.Id, ServerId = server.Id, Status = SubscriptionStatus.Active,
                ExpiresAt = new DateTimeOffset(2030, 1, 2, 3, 4, 0, TimeSpan.Zero), CreatedAt = now, UpdatedAt = now,
            });
            db.AddPaymentRow(new Payment { UserId = user.Id, PaymentMethod = "yookassa", Amount = 299m, Currency = "RUB", CreatedAt = now }, PaymentStatus.Completed, externalId: "c1", paidAt: now);
            db.AddPaymentRow(new Payment { UserId = user.Id, PaymentMethod = "yookassa", Amount = 299.5m, Currency = "RUB", CreatedAt = now }, PaymentStatus.Completed, externalId: "c2", paidAt: now);
            db.AddPaymentRow(new Payment { UserId = user.Id, PaymentMethod = "stars", Amount = 150m, Currency = "XTR", CreatedAt = now }, PaymentStatus.Completed, externalId: "c3", paidAt: now);
            db.AddPaymentRow(new Payment { UserId = user.Id, PaymentMethod = "yookassa", Amount = 999m, Currency = "RUB", CreatedAt = now }, PaymentStatus.Pending, externalId: "c4");
            var closed = SupportTicket.Open(user.Id, "Old question", "hi", null, now);
            closed.Close(now);
            db.SupportTickets.Add(closed);
            await db.SaveChangesAsync();
            db.SupportTickets.Add(SupportTicket.Open(user.Id, "No internet", "help", null, now));
            await db.SaveChangesAsync();
        }

        var card = await _bot.SendTextAsync("/user @ivan_petrov"); // any case, with or without @

        Assert.Contains("Иван &lt;Петров&gt;", card.Text, StringComparison.Ordinal); // user-supplied names never become HTML
        Assert.Contains($"<code>{user.TelegramId}</code>", card.Text, StringComparison.Ordinal);
        Assert.Contains("Username: @Ivan_Petrov", card.Text, StringComparison.Ordinal);
        Assert.Contains("Language: ru", card.Text, StringComparison.Ordinal);
        Assert.Contains("Role: client", card.Text, StringComparison.Ordinal);
        Assert.Contains("Registered: 2026-03-14 09:26 UTC", card.Text, StringComparison.Ordinal);
        Assert.Contains("State: ✅ active", card.Text, StringComparison.Ordinal);
        Assert.Matches(@"#\d+ ✅ active · Месяц · de-1 · until 2030-01-02 03:04", card.Text);
        Assert.Contains("Payments: 3 (598.5 RUB, 150 XTR)", card.Text, StringComparison.Ordinal);
        Assert.Contains("Open tickets: 1", card.Text, StringComparison.Ordinal);
        Assert.Equal("html", card["parse_mode"], ignoreCase: true);
        Assert.Contains($"ban:ask:{user.TelegramId}", card.CallbackData());
    }

    [Fact]
    public async Task The_users_button_asks_for_an_id_and_the_answer_opens_the_card()
    {
        var user = await _bot.SeedUserAsync(TestHost.NewUserId(), firstName: "Olga");

        var question = await _bot.PressAsync("usr");
        Assert.Contains("Telegram id or @username", question.Text, StringComparison.Ordinal);
        var card = await _bot.SendTextAsync(user.TelegramId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("<b>👤 Olga</b>", card.Text, StringComparison.Ordinal);

        var unknown = await _bot.SendTextAsync("/user @nobody_here");
        Assert.Contains("No user “@nobody_here” found", unknown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ban_is_confirmed_then_stored_audited_and_enforced_by_the_client_bot_and_a_second_press_changes_nothing()
    {
        var user = await _bot.SeedUserAsync(TestHost.NewUserId(), username: "spammer");

        var confirm = await _bot.PressAsync($"ban:ask:{user.TelegramId}");
        Assert.Contains("Ban @spammer", confirm.Text, StringComparison.Ordinal);
        Assert.Equal([$"ban:yes:{user.TelegramId}", $"usr:{user.TelegramId}"], confirm.CallbackData());
        await using (var db = _bot.Host.Db())
            Assert.False((await db.Users.SingleAsync(u => u.Id == user.Id)).IsBanned); // asking is not doing

        var toast = await _bot.PressForAnswerAsync($"ban:yes:{user.TelegramId}");
        Assert.Equal("The user is banned.", toast["text"]);
        var card = await _bot.Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.Text!.Contains("⛔️ banned", StringComparison.Ordinal));
        Assert.Contains($"unban:ask:{user.TelegramId}", card.CallbackData());

        var again = await _bot.PressForAnswerAsync($"ban:yes:{user.TelegramId}");
        Assert.Contains("already banned", again["text"], StringComparison.Ordinal);

        await using (var db = _bot.Host.Db())
        {
            Assert.True((await db.Users.SingleAsync(u => u.Id == user.Id)).IsBanned);
            var audit = Assert.Single(await db.AuditLog.ToListAsync());
            Assert.Equal(AdminId, audit.ActorTelegramId);
            Assert.Equal("user-ban", audit.Action);
            Assert.Equal("user", audit.TargetType);
            Assert.Equal(user.TelegramId.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.TargetId);
            Assert.Contains("false", audit.Before, StringComparison.Ordinal);
            Assert.Contains("true", audit.After, StringComparison.Ordinal);
        }

        var refusal = await _bot.SendAndWaitAsync(Updates.Text(user.TelegramId, "/start"),
            c => c.Method == "sendMessage" && c.ChatId == user.TelegramId, BotKind.Client);
        Assert.Contains("Доступ к боту ограничен", refusal.Text, StringComparison.Ordinal);
        Assert.Null(refusal["reply_markup"]);
    }

    [Fact]
    public async Task An_unban_lifts_the_ban_and_is_audited()
    {
        var user = await _bot.SeedUserAsync(TestHost.NewUserId(), banned: true);
        long subscriptionId;
        await using (var seed = _bot.Host.Db())
        {
            // A paid subscription with a key: the unban must queue the sync that switches the key back on.
            var now = DateTimeOffset.UtcNow;
            var server = new Core.Servers.Server { Name = "nl-9", Location = "Netherlands", CountryCode = "NL", IpAddress = "198.51.100.9", SupportedProtocols = [VpnProtocol.Vless], CreatedAt = now, UpdatedAt = now };
            var subscription = new Core.Subscriptions.Subscription { UserId = user.Id, Status = SubscriptionStatus.Active, StartedAt = now, ExpiresAt = now.AddDays(20), CreatedAt = now, UpdatedAt = now };
            seed.AddRange(server, subscription);
            await seed.SaveChangesAsync();
            seed.VpnConfigs.Add(new Core.Subscriptions.VpnConfig { SubscriptionId = subscription.Id, ServerId = server.Id, Protocol = VpnProtocol.Vless, ExternalName = "tg_unban", CreatedAt = now, UpdatedAt = now });
            await seed.SaveChangesAsync();
            subscriptionId = subscription.Id;
        }

        var confirm = await _bot.PressAsync($"unban:ask:{user.TelegramId}");
        Assert.Contains("Unban", confirm.Text, StringComparison.Ordinal);
        var toast = await _bot.PressForAnswerAsync($"unban:yes:{user.TelegramId}");
        Assert.Equal("The ban is lifted.", toast["text"]);

        await using var db = _bot.Host.Db();
        Assert.False((await db.Users.SingleAsync(u => u.Id == user.Id)).IsBanned);
        Assert.Equal("user-unban", (await db.AuditLog.SingleAsync()).Action);
        Assert.True(await db.BackendTasks.AnyAsync(t => t.SubscriptionId == subscriptionId && t.Kind == Core.Subscriptions.BackendTaskKind.Sync));
    }

    [Fact]
    public async Task Neither_another_admin_nor_oneself_can_be_banned()
    {
        var other = await _bot.SeedUserAsync(TestHost.NewUserId(), role: UserRole.Admin);
        var card = await _bot.SendTextAsync($"/user {other.TelegramId}");
        Assert.Contains("Role: admin", card.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(card.CallbackData(), d => d.StartsWith("ban:", StringComparison.Ordinal));

        var forged = await _bot.PressForAnswerAsync($"ban:yes:{other.TelegramId}"); // a forged or old button
        Assert.Equal("An admin cannot be banned.", forged["text"]);
        Assert.Equal("true", forged["show_alert"]);
        var self = await _bot.PressForAnswerAsync($"ban:yes:{AdminId}");
        Assert.Equal("You cannot ban yourself.", self["text"]);

        await using var db = _bot.Host.Db();
        Assert.Empty(await db.Users.Where(u => u.IsBanned).ToListAsync());
        Assert.Empty(await db.AuditLog.ToListAsync());
    }

    [Fact]
    public async Task Buttons_for_a_missing_user_or_with_broken_data_change_nothing()
    {
        var gone = await _bot.PressForAnswerAsync("ban:yes:123");
        Assert.Equal("That user no longer exists.", gone["text"]);
        var broken = await _bot.PressForAnswerAsync("ban:yes:abc");
        Assert.Contains("out of date", broken["text"], StringComparison.Ordinal);
        var unknown = await _bot.PressForAnswerAsync("nosuchprefix:1");
        Assert.Contains("out of date", unknown["text"], StringComparison.Ordinal);

        await using var db = _bot.Host.Db();
        Assert.Empty(await db.AuditLog.ToListAsync());
    }

    [Fact]
    public async Task Extend_buttons_confirm_then_add_days_through_the_subscription_service_once()
    {
        var user = await _bot.SeedUserAsync(TestHost.NewUserId(), username: "loyal");
        var expiry = new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.Zero);
        long subscriptionId;
        await using (var db = _bot.Host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            var subscription = new Subscription { UserId = user.Id, Status = SubscriptionStatus.Active, StartedAt = now, ExpiresAt = expiry, CreatedAt = now, UpdatedAt = now };
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
            subscriptionId = subscription.Id;
        }
        var ask = $"ext:ask:{subscriptionId}:30:{expiry.ToUnixTimeSeconds()}";
        var yes = $"ext:yes:{subscriptionId}:30:{expiry.ToUnixTimeSeconds()}";

        var card = await _bot.SendTextAsync("/user @loyal");
        Assert.Contains(ask, card.CallbackData());
        var confirm = await _bot.PressAsync(ask);
        Assert.Contains($"Extend subscription #{subscriptionId}", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("until 2030-05-01 12:00 UTC", confirm.Text, StringComparison.Ordinal);
        Assert.Contains(yes, confirm.CallbackData());

        var done = await _bot.PressForAnswerAsync(yes);
        Assert.Equal("Extended by 30 days, until 2030-05-31 12:00 UTC.", done["text"]);
        var twice = await _bot.PressForAnswerAsync(yes); // the same confirmation pressed again
        Assert.Contains("expiry has changed", twice["text"], StringComparison.Ordinal);
        var forged = await _bot.PressForAnswerAsync($"ext:yes:{subscriptionId}:100000:{expiry.ToUnixTimeSeconds()}");
        Assert.Contains("out of date", forged["text"], StringComparison.Ordinal);

        await using (var db = _bot.Host.Db())
        {
            Assert.Equal(expiry.AddDays(30), (await db.Subscriptions.SingleAsync(s => s.Id == subscriptionId)).ExpiresAt);
            Assert.True(await db.BackendTasks.AnyAsync(t => t.SubscriptionId == subscriptionId)); // the VPN server is told the new expiry
            var audit = await db.AuditLog.SingleAsync();
            Assert.Equal((AdminId, "subscription-extend"), (audit.ActorTelegramId, audit.Action));
        }
    }
}
