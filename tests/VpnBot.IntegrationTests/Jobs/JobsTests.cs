using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Host.Jobs;
using VpnBot.IntegrationTests.Infrastructure;

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
            await using var cmd = new NpgsqlCommand("SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value IN ('expire-subscriptions', 'auto-renewal')", connection);
            try { return (long)(await cmd.ExecuteScalarAsync())! == 2; }
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
}
