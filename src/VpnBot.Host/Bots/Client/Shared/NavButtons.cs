using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Shared;

/// <summary>The way back from every screen: "◀️ Back" to the previous one, "🏠 Menu" home.</summary>
public static class NavButtons
{
    public static InlineKeyboardButton Back(BotTexts texts, UpdateContext context, string callbackData) =>
        InlineKeyboardButton.WithCallbackData(texts.Get(context, "NavBack"), callbackData);

    public static InlineKeyboardButton Home(BotTexts texts, UpdateContext context) =>
        InlineKeyboardButton.WithCallbackData(texts.Get(context, "NavHome"), ClientCallbacks.Home);

    /// <summary>A last row with Back (when there is a previous screen) and Menu.</summary>
    public static InlineKeyboardButton[] Row(BotTexts texts, UpdateContext context, string? backData = null) =>
        backData is null ? [Home(texts, context)] : [Back(texts, context, backData), Home(texts, context)];

    public static InlineKeyboardButton Button(string text, string callbackData) =>
        InlineKeyboardButton.WithCallbackData(text, callbackData);
}
