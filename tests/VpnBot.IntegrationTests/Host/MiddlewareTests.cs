using Microsoft.EntityFrameworkCore;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Host;

public class MiddlewareTests : IAsyncLifetime
{
    private TestHost _host = null!;

    // An hour-long window: a 10 s window may roll over mid-test and let a second batch through.
    public async Task InitializeAsync() => _host = await TestHost.StartAsync(c => c["Throttle:WindowSeconds"] = "3600");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_banned_user_gets_one_refusal_and_nothing_else()
    {
        var userId = TestHost.NewUserId();
        _host.Send(Updates.Text(userId, "/start"));
        await _host.Telegram.WaitForCallAsync("sendMessage", userId);
        await using (var db = _host.Db())
            await db.Users.Where(u => u.TelegramId == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsBanned, true));

        _host.Send(Updates.Text(userId, "/start"));
        _host.Send(Updates.Text(userId, "/help"));
        _host.Send(Updates.Callback(userId, "buy:1"));
        var marker = TestHost.NewUserId();
        _host.Send(Updates.Text(marker, "/help")); // a later update from someone else proves the banned ones were processed
        await _host.Telegram.WaitForCallAsync("sendMessage", marker);
        await Task.Delay(300);

        var toBanned = _host.Telegram.CallsTo("sendMessage", userId).Skip(1).ToList();
        var refusal = Assert.Single(toBanned);
        Assert.Contains("ограничен", refusal.Text, StringComparison.Ordinal);
        Assert.Single(_host.Telegram.CallsTo("answerCallbackQuery"));
    }

    [Fact]
    public async Task A_flood_from_one_user_is_throttled_with_one_notice_while_others_are_served()
    {
        var flooder = TestHost.NewUserId();
        for (var i = 0; i < 100; i++) _host.Send(Updates.Text(flooder, "/help"));
        var other = TestHost.NewUserId();
        _host.Send(Updates.Text(other, "/help"));
        await _host.Telegram.WaitForCallAsync("sendMessage", other);
        await Task.Delay(500);

        var replies = _host.Telegram.CallsTo("sendMessage", flooder);
        var notices = replies.Count(r => r.Text!.Contains("Слишком много", StringComparison.Ordinal));
        Assert.Equal(1, notices);
        Assert.Equal(20, replies.Count - notices); // Throttle:UpdatesPerWindow default
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_is_marked_inactive()
    {
        var userId = TestHost.NewUserId();
        _host.Telegram.FailNext("sendMessage", FakeFault.BlockedByUser());
        _host.Send(Updates.Text(userId, "/start"));
        await TestWait.UntilAsync(async () =>
        {
            await using var db = _host.Db();
            return await db.Users.AnyAsync(u => u.TelegramId == userId && !u.IsActive);
        });
        Assert.Empty(_host.Telegram.CallsTo("sendMessage", userId).Skip(1));
    }
}
