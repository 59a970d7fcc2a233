using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Host.Jobs;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Jobs;

public class JobsTests
{
    [Fact]
    public async Task Hangfire_starts_on_postgresql_and_registers_the_recurring_jobs()
    {
        await using var host = await TestHost.StartAsync(c => c["Jobs:Enabled"] = "true");
        await TestWait.UntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(host.Database.ConnectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value IN ('expire-subscriptions', 'auto-renewal', 'expiry-reminders', 'usage-collection', 'pending-payments')", connection);
            try { return (long)(await cmd.ExecuteScalarAsync())! == 5; }
            catch (PostgresException) { return false; } // schema not created yet
        }, TimeSpan.FromSeconds(30), "recurring jobs in hangfire.set");
    }

    [Fact]
    public async Task The_expiry_job_expires_due_subscriptions_queues_their_disable_and_tells_the_customer()
    {
        await using var host = await TestHost.StartAsync();
        var telegramId = TestHost.NewUserId();
        long subscriptionId;
        await using (var db = host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            var user = new User { TelegramId = telegramId, LanguageCode = "ru", CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            var due = new Subscription { UserId = user.Id, Status = SubscriptionStatus.Active, StartedAt = now.AddDays(-30), ExpiresAt = now.AddMinutes(-1), CreatedAt = now, UpdatedAt = now };
            var running = new Subscription { UserId = user.Id, Status = SubscriptionStatus.Active, StartedAt = now, ExpiresAt = now.AddDays(5), CreatedAt = now, UpdatedAt = now };
            var server = new Core.Servers.Server { Name = "nl-1", Location = "Netherlands", CountryCode = "NL", IpAddress = "198.51.100.7", SupportedProtocols = [VpnProtocol.Vless], CreatedAt = now, UpdatedAt = now };
            db.Add(server);
            db.Subscriptions.AddRange(due, running);
            await db.SaveChangesAsync();
            // A config on a server: expiry must reach the server (the disable is queued as a Sync task).
            db.VpnConfigs.Add(new VpnConfig { SubscriptionId = due.Id, ServerId = server.Id, Protocol = VpnProtocol.Vless, ExternalName = "tg_due", CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
            subscriptionId = due.Id;
        }

        await using (var scope = host.App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ExpireSubscriptionsJob>().RunAsync(CancellationToken.None);

        await using (var db = host.Db())
        {
            Assert.Equal(SubscriptionStatus.Expired, (await db.Subscriptions.SingleAsync(s => s.Id == subscriptionId)).Status);
            Assert.Equal(1, await db.Subscriptions.CountAsync(s => s.Status == SubscriptionStatus.Active));
            Assert.True(await db.BackendTasks.AnyAsync(t => t.SubscriptionId == subscriptionId && t.Kind == BackendTaskKind.Sync));
        }
        var notice = await host.Telegram.WaitForCallAsync("sendMessage", telegramId);
        Assert.Contains("подписка закончилась", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reminder_job_tells_each_customer_in_their_language_with_a_renew_button_that_opens_the_plans()
    {
        await using var host = await TestHost.StartAsync();
        var (russian, english) = (TestHost.NewUserId(), TestHost.NewUserId());
        var expiry = DateTimeOffset.UtcNow.AddDays(2).AddHours(3);
        await using (var db = host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            var plan = new SubscriptionPlan { Name = "Месяц", DurationDays = 30, Price = 299m, Currency = "RUB", IsActive = true, CreatedAt = now, UpdatedAt = now };
            db.Add(plan);
            foreach (var (telegramId, language) in new[] { (russian, "ru"), (english, "en") })
            {
                var user = new User { TelegramId = telegramId, LanguageCode = language, CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
                db.Users.Add(user);
                await db.SaveChangesAsync();
                db.Subscriptions.Add(new Subscription { UserId = user.Id, Status = SubscriptionStatus.Active, StartedAt = now.AddDays(-28), ExpiresAt = expiry, CreatedAt = now, UpdatedAt = now });
            }
            await db.SaveChangesAsync();
        }

        for (var run = 0; run < 2; run++) // the second run finds nothing left to say
            await using (var scope = host.App.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<ExpiryRemindersJob>().RunAsync(CancellationToken.None);

        var ru = await host.Telegram.WaitForCallAsync("sendMessage", russian);
        var en = await host.Telegram.WaitForCallAsync("sendMessage", english);
        Assert.Contains("Подписка заканчивается", ru.Text, StringComparison.Ordinal);
        Assert.Contains(expiry.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("ru")), ru.Text, StringComparison.Ordinal);
        Assert.Contains("осталось дней: 3", ru.Text, StringComparison.Ordinal);
        Assert.Contains("Your subscription ends on", en.Text, StringComparison.Ordinal);
        // Renew, and (issue 11) the auto-renewal switch one press from the reminder.
        Assert.Equal(["🔄 Продлить", "🔁 Включить автопродление"], ru.ButtonTexts());
        Assert.Equal("buy", en.CallbackData()[0]);
        Assert.Equal(2, en.CallbackData().Count);
        await Task.Delay(300);
        Assert.Single(host.Telegram.CallsTo("sendMessage"), c => c.ChatId == russian);

        host.Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(russian, "buy", messageId: 77, messageText: ru.Text!));
        var plans = await host.Telegram.WaitForCallAsync(c => c.ChatId == russian && c.Method is "editMessageText" or "sendMessage" && c.Text != ru.Text);
        Assert.Contains(plans.CallbackData(), d => d.StartsWith("buy:p:", StringComparison.Ordinal));
    }
}
