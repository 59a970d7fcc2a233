using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public class StartFlowTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Start_registers_the_user_and_replies_with_the_main_menu_in_russian()
    {
        var userId = TestHost.NewUserId();
        _host.Send(Updates.Text(userId, "/start", languageCode: "ru", firstName: "Аня", username: "anya"));

        var reply = await _host.Telegram.WaitForCallAsync("sendMessage", userId);
        Assert.Contains("Привет, Аня", reply.Text, StringComparison.Ordinal);
        Assert.Equal("html", reply["parse_mode"], ignoreCase: true);
        Assert.Contains("🛒 Купить / продлить", reply.ButtonTexts());
        Assert.Contains("🔑 Мой ключ", reply.ButtonTexts());

        await using var db = _host.Db();
        var user = await db.Users.SingleAsync(u => u.TelegramId == userId);
        Assert.Equal("anya", user.Username);
        Assert.Equal("Аня", user.FirstName);
        Assert.Equal("ru", user.LanguageCode);
        Assert.Equal(UserRole.Client, user.Role);
        Assert.True(user.IsActive);
    }

    [Fact]
    public async Task Start_answers_english_speakers_in_english_and_refreshes_their_names()
    {
        var userId = TestHost.NewUserId();
        _host.Send(Updates.Text(userId, "/start", languageCode: "en", firstName: "Bob"));
        await _host.Telegram.WaitForCallAsync("sendMessage", userId);
        _host.Send(Updates.Text(userId, "/start", languageCode: "en", firstName: "Robert <b>"));
        var second = await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Robert", StringComparison.Ordinal));

        Assert.Contains("Hi, Robert &lt;b&gt;", second.Text, StringComparison.Ordinal);
        Assert.Contains("🛒 Buy / renew", second.ButtonTexts());
        await using var db = _host.Db();
        var user = await db.Users.SingleAsync(u => u.TelegramId == userId);
        Assert.Equal("Robert <b>", user.FirstName);
        Assert.Equal(1, await db.Users.CountAsync(u => u.TelegramId == userId));
    }

    [Fact]
    public async Task Help_explains_the_bot()
    {
        var userId = TestHost.NewUserId();
        _host.Send(Updates.Text(userId, "/help"));
        var reply = await _host.Telegram.WaitForCallAsync("sendMessage", userId);
        Assert.Contains("Что умеет бот", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sticker_gets_a_pointer_to_the_menu_not_an_error()
    {
        var userId = TestHost.NewUserId();
        _host.Send(Updates.Sticker(userId));
        var reply = await _host.Telegram.WaitForCallAsync("sendMessage", userId);
        Assert.Contains("/help", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    [Fact]
    public async Task A_stale_button_is_answered_and_the_menu_shown_again()
    {
        var userId = TestHost.NewUserId();
        _host.Send(Updates.Callback(userId, "gone:42"));
        var answer = await _host.Telegram.WaitForCallAsync(c => c.Method == "answerCallbackQuery");
        Assert.NotNull(answer);
        var reply = await _host.Telegram.WaitForCallAsync("sendMessage", userId);
        Assert.Contains("устарела", reply.Text, StringComparison.Ordinal);
    }
}
