using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Home;

/// <summary>The persistent reply keyboard: the customer's way back from anywhere.</summary>
public static class MainMenuKeyboard
{
    public static readonly string[][] Layout =
    [
        ["MenuBuy"],
        ["MenuSubscription", "MenuConfig"],
        ["MenuServers", "MenuInstructions"],
        ["MenuSupport", "MenuProfile"],
    ];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ReplyKeyboardMarkup> Cache = new();

    /// <summary>Built once per language: it is sent with most answers and never changes at run time.</summary>
    public static ReplyKeyboardMarkup Build(BotTexts texts, UpdateContext context) =>
        Cache.GetOrAdd(context.Culture.Name, _ => new ReplyKeyboardMarkup(Layout.Select(row => row.Select(key => new KeyboardButton(texts.Get(context, key)))))
        {
            ResizeKeyboard = true,
            IsPersistent = true,
            InputFieldPlaceholder = texts.Get(context, "MenuPlaceholder"),
        });
}
