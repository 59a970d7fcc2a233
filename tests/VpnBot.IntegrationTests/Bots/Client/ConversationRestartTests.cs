using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public class ConversationRestartTests
{
    [Fact]
    public async Task A_ticket_half_written_before_a_restart_is_finished_after_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        var userId = TestHost.NewUserId();
        await using (var before = await TestHost.StartAsync(database: database))
        {
            before.Send(Updates.Text(userId, "💬 Поддержка"));
            await before.ReplyContainingAsync(userId, "тема обращения");
            before.Send(Updates.Text(userId, "Тема до перезапуска"));
            await before.ReplyContainingAsync(userId, "Теперь опишите");
        }

        // The step lives in Redis, not in the stopped process.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(await TestServices.RedisAsync()))
        {
            var stored = await redis.GetDatabase().StringGetAsync($"conv:client:{userId}");
            Assert.Contains("support.message", stored.ToString(), StringComparison.Ordinal);
        }

        await using var after = await TestHost.StartAsync(database: database);
        after.Send(Updates.Text(userId, "Сообщение после перезапуска"));
        await after.ReplyContainingAsync(userId, "создано");
        await using var db = after.Db();
        var ticket = await db.SupportTickets.Include(t => t.Messages).SingleAsync(t => t.User!.TelegramId == userId);
        Assert.Equal("Тема до перезапуска", ticket.Subject);
        Assert.Equal("Сообщение после перезапуска", Assert.Single(ticket.Messages).MessageText);
    }
}
