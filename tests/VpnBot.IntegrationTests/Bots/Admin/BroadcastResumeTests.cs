using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Users;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Bots.Admin;

/// <summary>A broadcast a restart interrupted is resumed by the next host where it stopped: nobody twice, nobody skipped.</summary>
public class BroadcastResumeTests
{
    [Fact]
    public async Task The_next_start_resumes_after_the_last_customer_reached_and_reports_the_whole_count()
    {
        await using var database = await TestDatabase.CreateAsync();
        var customers = new List<User>();
        await using (var db = database.CreateContext())
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < 5; i++)
                customers.Add(new User { TelegramId = TestHost.NewUserId(), LanguageCode = "ru", CreatedAt = now, UpdatedAt = now, LastActivityAt = now });
            db.Users.AddRange(customers);
            await db.SaveChangesAsync();
            // The previous process reached the first two customers, then stopped (deploy, crash).
            db.Broadcasts.Add(new Broadcast
            {
                ActorTelegramId = AdminBotHarness.AdminId, ReportChatId = AdminBotHarness.AdminId, ReportCulture = "en", Text = "Работы завершены",
                ResumeAfterUserId = customers[1].Id, Sent = 2, CreatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        await using var host = await TestHost.StartAsync(c => c["Admins:TelegramIds"] = AdminBotHarness.AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture), database: database);

        var report = await host.Telegram.WaitForCallAsync(c => c.Token == TestHost.AdminToken && (c.Text ?? "").Contains("Broadcast finished", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("Delivered: 5", report.Text, StringComparison.Ordinal);
        var sent = host.Telegram.Calls.Where(c => c.Token == TestHost.ClientToken && c.Method == "sendMessage").Select(c => c.ChatId!.Value).Order().ToList();
        Assert.Equal(customers.Skip(2).Select(c => c.TelegramId).Order(), sent);
        await using (var db = database.CreateContext())
        {
            var broadcast = await db.Broadcasts.SingleAsync();
            Assert.NotNull(broadcast.FinishedAt);
            Assert.Equal(customers[^1].Id, broadcast.ResumeAfterUserId);
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "broadcast-done"));
        }
    }
}
