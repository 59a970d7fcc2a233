using Serilog.Events;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Host;

/// <summary>
/// A button pressed under an inline-mode message or a very old one arrives without "message". Every
/// client screen must still answer the button and show itself in the presser's private chat.
/// </summary>
public class MessagelessCallbackTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("home")]
    [InlineData("buy")]
    [InlineData("sub")]
    [InlineData("cfg")]
    [InlineData("prof")]
    [InlineData("srv")]
    [InlineData("ins")]
    [InlineData("ppay")]
    [InlineData("plang")]
    [InlineData("pproto")]
    [InlineData("no-such-button")]
    public async Task A_button_without_its_message_is_answered_and_the_screen_sent_to_the_private_chat(string data)
    {
        var userId = TestHost.NewUserId();
        var update = Updates.Callback(userId, data);
        var callback = update["callback_query"]!.AsObject();
        callback.Remove("message");
        callback["inline_message_id"] = "AAAAAHxyz";
        var callbackId = callback["id"]!.GetValue<string>();
        _host.Send(update);

        await _host.Telegram.WaitForCallAsync(c => c.Method == "answerCallbackQuery" && c["callback_query_id"] == callbackId);
        await _host.Telegram.WaitForCallAsync("sendMessage", userId);
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= LogEventLevel.Error);
        Assert.DoesNotContain(_host.Telegram.CallsTo("sendMessage", userId), c => c.Text!.Contains("пошло не так", StringComparison.Ordinal));
    }
}
