using Microsoft.EntityFrameworkCore;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public class RedisOutageTests
{
    [Fact]
    public async Task When_redis_stops_mid_conversation_customers_are_still_answered_and_floods_still_throttled()
    {
        await using var redis = await PrivateRedis.StartAsync();
        await using var host = await TestHost.StartAsync(c =>
        {
            c["ConnectionStrings:Redis"] = redis.ConnectionString;
            c["Throttle:WindowSeconds"] = "3600";
        });
        var userId = TestHost.NewUserId();
        host.Send(Updates.Text(userId, "/start"));
        await host.Telegram.WaitForCallAsync("sendMessage", userId);

        await redis.StopAsync();

        host.Send(Updates.Text(userId, "🌍 Серверы"));
        await host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Серверы", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.Contains(host.Logs.Events, e => e.RenderMessage(null).Contains("Redis is unreachable", StringComparison.Ordinal));

        // The local fallback still throttles a flood, with one notice.
        var flooder = TestHost.NewUserId();
        for (var i = 0; i < 60; i++) host.Send(Updates.Text(flooder, "/help"));
        await TestWait.UntilAsync(() => Task.FromResult(host.Telegram.CallsTo("sendMessage", flooder).Any(c => c.Text!.Contains("Слишком много", StringComparison.Ordinal))), TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        var replies = host.Telegram.CallsTo("sendMessage", flooder);
        Assert.Equal(1, replies.Count(r => r.Text!.Contains("Слишком много", StringComparison.Ordinal)));
        Assert.True(replies.Count <= 21, $"{replies.Count} replies to a flood of 60");
        Assert.DoesNotContain(host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
        await using var db = host.Db();
        Assert.True(await db.Users.AnyAsync(u => u.TelegramId == flooder));
    }
}
