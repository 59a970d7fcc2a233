using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;
using static VpnBot.IntegrationTests.Bots.Admin.AdminBotHarness;

namespace VpnBot.IntegrationTests.Bots.Admin;

public class BroadcastTests : IAsyncLifetime
{
    private const string Message = "Плановые работы <b>сегодня</b> в 03:00 МСК & 10 минут.";
    private AdminBotHarness _bot = null!;

    // Two per second: five messages take about two seconds, long enough to see they leave after the admin's update.
    public async Task InitializeAsync() => _bot = await AdminBotHarness.StartAsync(c => c["Telegram:NotificationsPerSecond"] = "2");

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task A_broadcast_reaches_the_active_customers_through_the_client_bot_skips_banned_and_inactive_marks_blockers_and_reports()
    {
        var reachable = new List<long>();
        for (var i = 0; i < 3; i++) reachable.Add((await _bot.SeedUserAsync(TestHost.NewUserId())).TelegramId);
        var blocker = await _bot.SeedUserAsync(TestHost.NewUserId());
        var banned = await _bot.SeedUserAsync(TestHost.NewUserId(), banned: true);
        var inactive = await _bot.SeedUserAsync(TestHost.NewUserId(), active: false);
        _bot.Telegram.FailChat(TestHost.ClientToken, blocker.TelegramId, FakeFault.BlockedByUser());

        var ask = await _bot.SendTextAsync("/broadcast");
        Assert.Contains("up to 4096 characters", ask.Text, StringComparison.Ordinal);
        var preview = await _bot.SendAndWaitAsync(Updates.Text(AdminId, Message, languageCode: "en"),
            c => c.Method == "sendMessage" && c.ChatId == AdminId && c.Text == Message);
        Assert.Null(preview["parse_mode"]); // customers get the characters as typed, not HTML
        Assert.Equal(["bc:go", "bc:x"], preview.CallbackData());
        var count = _bot.Telegram.CallsTo("sendMessage", AdminId).Single(c => c.Text!.StartsWith("This is how", StringComparison.Ordinal));
        Assert.Contains("Recipients: 5", count.Text, StringComparison.Ordinal); // three, the blocker (not known yet) and the admin

        var toast = await _bot.PressForAnswerAsync("bc:go");
        Assert.Equal("Broadcast started.", toast["text"]);
        var queued = await _bot.Telegram.WaitForCallAsync(c => c.Token == TestHost.AdminToken && c.ChatId == AdminId && (c.Text ?? "").Contains("in the background", StringComparison.Ordinal));
        var again = await _bot.PressForAnswerAsync("bc:go"); // a double tap
        Assert.Contains("already sent or cancelled", again["text"], StringComparison.Ordinal);

        var report = await _bot.Telegram.WaitForCallAsync(c => c.Token == TestHost.AdminToken && (c.Text ?? "").Contains("Broadcast finished", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal(AdminId, report.ChatId);
        Assert.Contains("Delivered: 4\nFailed: 0\nBlocked the bot: 1", report.Text, StringComparison.Ordinal);

        var sent = _bot.Telegram.Calls.Where(c => c.Token == TestHost.ClientToken && c.Method == "sendMessage").ToList();
        Assert.All(sent, c => Assert.Equal(Message, c.Text));
        Assert.Equal(reachable.Append(blocker.TelegramId).Append(AdminId).Order(), sent.Select(c => c.ChatId!.Value).Order());
        Assert.DoesNotContain(sent, c => c.ChatId == banned.TelegramId || c.ChatId == inactive.TelegramId);
        Assert.True(queued.At < sent.Max(c => c.At), "the admin heard back before the broadcast was through: it runs outside the admin's update");

        await using var db = _bot.Host.Db();
        Assert.False((await db.Users.SingleAsync(u => u.TelegramId == blocker.TelegramId)).IsActive);
        var start = await db.AuditLog.SingleAsync(a => a.Action == "broadcast-start");
        Assert.Equal(AdminId, start.ActorTelegramId);
        var after = JsonNode.Parse(start.After!)!;
        Assert.Equal(5, (int)after["audience"]!);
        Assert.Equal(Message, (string?)after["text"]);
        var done = await db.AuditLog.SingleAsync(a => a.Action == "broadcast-done");
        Assert.Equal(start.TargetId, done.TargetId); // both name the broadcast
        var stored = await db.Broadcasts.SingleAsync(b => b.Id.ToString() == start.TargetId);
        Assert.Equal((4, 0, 1), (stored.Sent, stored.Failed, stored.Blocked));
        Assert.NotNull(stored.FinishedAt);
        Assert.Equal(1, (int)JsonNode.Parse(done.After!)!["blocked"]!);
    }

    [Fact]
    public async Task An_oversized_or_non_text_message_is_refused_and_nothing_is_sent()
    {
        await _bot.SendTextAsync("/broadcast");
        var tooLong = await _bot.SendTextAsync(new string('x', 4097));
        Assert.Contains("too long: 4097 characters, at most 4096", tooLong.Text, StringComparison.Ordinal);
        var sticker = await _bot.SendAndWaitAsync(Updates.Sticker(AdminId, languageCode: "en"), c => c.Method == "sendMessage" && c.ChatId == AdminId);
        Assert.Contains("text only", sticker.Text, StringComparison.Ordinal);
        var nothing = await _bot.PressForAnswerAsync("bc:go");
        Assert.Contains("already sent or cancelled", nothing["text"], StringComparison.Ordinal);

        await Task.Delay(300);
        Assert.DoesNotContain(_bot.Telegram.Calls, c => c.Token == TestHost.ClientToken && c.Method == "sendMessage");
        await using var db = _bot.Host.Db();
        Assert.Empty(await db.AuditLog.ToListAsync());
    }

    [Fact]
    public async Task A_cancelled_broadcast_sends_nothing_even_if_its_old_send_button_is_pressed()
    {
        await _bot.SeedUserAsync(TestHost.NewUserId());
        await _bot.PressAsync("bc");
        await _bot.SendAndWaitAsync(Updates.Text(AdminId, Message, languageCode: "en"), c => c.Method == "sendMessage" && c.Text == Message);
        var cancelled = await _bot.PressAsync("bc:x");
        Assert.Contains("cancelled; nothing was sent", cancelled.Text, StringComparison.Ordinal);
        var stale = await _bot.PressForAnswerAsync("bc:go");
        Assert.Contains("already sent or cancelled", stale["text"], StringComparison.Ordinal);

        await Task.Delay(300);
        Assert.DoesNotContain(_bot.Telegram.Calls, c => c.Token == TestHost.ClientToken && c.Method == "sendMessage");
        await using var db = _bot.Host.Db();
        Assert.Empty(await db.AuditLog.ToListAsync());
    }

    [Fact]
    public async Task A_customer_cannot_start_or_send_a_broadcast()
    {
        var customer = TestHost.NewUserId();
        var refused = await _bot.SendTextAsync("/broadcast", from: customer);
        Assert.Contains("administrators only", refused.Text, StringComparison.Ordinal);
        await _bot.SendTextAsync("Free VPN for everyone!", from: customer);
        await _bot.PressForAnswerAsync("bc:go", from: customer);

        await Task.Delay(300);
        Assert.DoesNotContain(_bot.Telegram.Calls, c => c.Token == TestHost.ClientToken && c.Method == "sendMessage");
        await using var db = _bot.Host.Db();
        Assert.Empty(await db.AuditLog.ToListAsync());
    }

    [Fact]
    public async Task Without_a_client_bot_there_is_no_broadcast_to_start()
    {
        await using var bot = await AdminBotHarness.StartAsync(c => c["Bots:Client:Token"] = "");
        await bot.SeedUserAsync(TestHost.NewUserId());

        var reply = await bot.SendTextAsync("/broadcast");
        Assert.Contains("client bot is not configured", reply.Text, StringComparison.Ordinal);
        var go = await bot.PressAsync("bc:go");
        Assert.Contains("client bot is not configured", go.Text, StringComparison.Ordinal);
        await using var db = bot.Host.Db();
        Assert.Empty(await db.AuditLog.ToListAsync());
    }
}
