using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public class NavigationTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Menu_turns_the_pressed_message_into_the_inline_main_menu()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Callback(userId, "home", messageId: 501));
        var edit = (await _host.ReplyContainingAsync(userId, "Главное меню", "editMessageText")).AssertCallbacksFit();
        Assert.Equal("501", edit["message_id"]);
        Assert.Equal(["🛒 Купить / продлить", "📊 Моя подписка", "🔑 Мой ключ", "🌍 Серверы", "📖 Инструкции", "💬 Поддержка", "⚙️ Профиль"], edit.ButtonTexts());
        Assert.Equal(["buy", "sub", "cfg", "srv", "ins", "sup", "prof"], edit.CallbackData());
        var answer = await _host.Telegram.WaitForCallAsync(c => c.Method == "answerCallbackQuery");
        Assert.NotNull(answer["callback_query_id"]);
    }

    [Fact]
    public async Task An_unchanged_screen_is_not_sent_again_and_the_button_still_stops_spinning()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Telegram.FailNext("editMessageText", FakeFault.BadRequest("message is not modified: specified new message content and reply markup are exactly the same"));
        _host.Send(Updates.Callback(userId, "home", messageId: 502));
        await _host.Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId);

        var marker = await _host.RegisteredUserAsync(); // a later update proves the first one is done
        _host.Send(Updates.Text(marker, "/help"));
        await _host.ReplyContainingAsync(marker, "Что умеет");
        Assert.Single(_host.Telegram.CallsTo("answerCallbackQuery"));
        Assert.Single(_host.Telegram.CallsTo("sendMessage", userId)); // the /start reply only
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Warning);
    }

    [Fact]
    public async Task A_message_that_can_no_longer_be_edited_gets_the_screen_as_a_new_message()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Telegram.FailNext("editMessageText", FakeFault.BadRequest("message to edit not found"));
        _host.Send(Updates.Callback(userId, "home", messageId: 503));
        var sent = await _host.ReplyContainingAsync(userId, "Главное меню");
        Assert.Equal(["buy", "sub", "cfg", "srv", "ins", "sup", "prof"], sent.CallbackData());
        Assert.Single(_host.Telegram.CallsTo("answerCallbackQuery"));
    }

    [Fact]
    public async Task A_callback_query_too_old_to_answer_does_not_stop_the_screen()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Telegram.FailNext("answerCallbackQuery", FakeFault.BadRequest("query is too old and response timeout expired or query ID is invalid"));
        _host.Send(Updates.Callback(userId, "srv", messageId: 504));
        var edit = await _host.ReplyContainingAsync(userId, "Серверы</b>", "editMessageText");
        Assert.Equal("504", edit["message_id"]);
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }
}
