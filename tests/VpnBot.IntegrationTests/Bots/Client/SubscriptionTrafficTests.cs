using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

/// <summary>"My subscription" shows the period's collected traffic, and says so when it has run out.</summary>
public class SubscriptionTrafficTests
{
    [Theory]
    [InlineData(false, "Трафик: 12,34 из 50 ГБ")]
    [InlineData(true, "Трафик израсходован")]
    public async Task My_subscription_shows_the_traffic_used_this_period(bool exhausted, string expected)
    {
        await using var host = await TestHost.StartAsync();
        var userId = TestHost.NewUserId();
        await using (var db = host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            var user = new User { TelegramId = userId, LanguageCode = "ru", CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            db.Subscriptions.Add(new Subscription
            {
                UserId = user.Id, Status = SubscriptionStatus.Active, StartedAt = now.AddDays(-3), ExpiresAt = now.AddDays(27),
                TrafficLimitGb = 50, TrafficUsedGb = exhausted ? 50.2m : 12.34m, TrafficExhaustedAt = exhausted ? now : null,
                CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        host.Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "📊 Моя подписка"));

        var screen = await host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Моя подписка", StringComparison.Ordinal));
        Assert.Contains(expected, screen.Text, StringComparison.Ordinal);
        Assert.Equal(exhausted, screen.Text!.Contains("израсходован", StringComparison.Ordinal));
    }
}
