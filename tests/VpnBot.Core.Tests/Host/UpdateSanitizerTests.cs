using Telegram.Bot.Types;
using Telegram.Bot.Types.Payments;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Core.Tests.Host;

public class UpdateSanitizerTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("line\nbreak\ttab\r", "line\nbreak\ttab\r")]
    [InlineData("a\0b", "ab")]
    [InlineData("\u0001\u001fx", "x")]
    [InlineData("emoji 😀 stays", "emoji 😀 stays")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Clean_drops_what_postgresql_or_telegram_refuse(string? input, string? expected) =>
        Assert.Equal(expected, UpdateSanitizer.Clean(input));

    // Built in code: an attribute argument cannot carry a lone surrogate (it is stored as UTF-8).
    [Theory]
    [InlineData(0xD800, "high")]
    [InlineData(0xDC00, "low")]
    public void A_lone_surrogate_becomes_the_replacement_character(int surrogate, string word)
    {
        var c = (char)surrogate;
        Assert.Equal($"lone \uFFFD {word}", UpdateSanitizer.Clean($"lone {c} {word}"));
        Assert.Equal("end \uFFFD", UpdateSanitizer.Clean($"end {c}"));
        Assert.Equal("\uFFFD\uFFFD", UpdateSanitizer.Clean($"{c}{c}"));
    }

    [Fact]
    public void Clean_returns_the_same_instance_for_clean_text()
    {
        var text = "Привет, мир";
        Assert.Same(text, UpdateSanitizer.Clean(text));
    }

    [Fact]
    public void Every_user_text_of_an_update_is_cleaned()
    {
        var from = new global::Telegram.Bot.Types.User { Id = 1, FirstName = "A\0nn", LastName = "B\0", Username = "u\0" };
        var update = new Update
        {
            Message = new Message { Text = "t\0", Caption = "c\0", From = from, Chat = new Chat { Id = 1, FirstName = "A\0" } },
            CallbackQuery = new CallbackQuery { Id = "1", Data = "buy\0", From = new global::Telegram.Bot.Types.User { Id = 2, FirstName = "C\0" } },
            PreCheckoutQuery = new PreCheckoutQuery { Id = "2", InvoicePayload = "p\0", From = new global::Telegram.Bot.Types.User { Id = 3, FirstName = "D" } },
        };
        UpdateSanitizer.Sanitize(update);
        Assert.Equal(("t", "c", "Ann", "B", "u", "A"),
            (update.Message.Text, update.Message.Caption, from.FirstName, from.LastName, from.Username, update.Message.Chat.FirstName));
        Assert.Equal(("buy", "C", "p"), (update.CallbackQuery.Data, update.CallbackQuery.From.FirstName, update.PreCheckoutQuery.InvoicePayload));
    }
}

public class UpdateShapeTests
{
    [Fact]
    public void What_Telegram_always_sends_is_required()
    {
        var from = new global::Telegram.Bot.Types.User { Id = 1, FirstName = "A" };
        var chat = new Chat { Id = 1 };
        Assert.Null(VpnBot.Host.Telegram.Hosting.UpdateShape.Missing(new Update { Message = new Message { Chat = chat, From = from } }));
        Assert.Null(VpnBot.Host.Telegram.Hosting.UpdateShape.Missing(new Update { CallbackQuery = new CallbackQuery { Id = "1", From = from } }));
        Assert.Equal("message without chat", VpnBot.Host.Telegram.Hosting.UpdateShape.Missing(new Update { Message = new Message { From = from } }));
        Assert.Equal("callback_query without from", VpnBot.Host.Telegram.Hosting.UpdateShape.Missing(new Update { CallbackQuery = new CallbackQuery { Id = "1" } }));
        Assert.Equal("message in a private chat without from", VpnBot.Host.Telegram.Hosting.UpdateShape.Missing(
            new Update { Message = new Message { Chat = new Chat { Id = 1, Type = global::Telegram.Bot.Types.Enums.ChatType.Private } } }));
        Assert.Null(VpnBot.Host.Telegram.Hosting.UpdateShape.Missing(
            new Update { ChannelPost = new Message { Chat = new Chat { Id = -1, Type = global::Telegram.Bot.Types.Enums.ChatType.Channel } } }));
        Assert.Equal("edited_message without chat", VpnBot.Host.Telegram.Hosting.UpdateShape.Missing(new Update { EditedMessage = new Message() }));
    }
}
