using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Keyboards;

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

    public static ReplyKeyboardMarkup Build(BotTexts texts, UpdateContext context) =>
        new(Layout.Select(row => row.Select(key => new KeyboardButton(texts.Get(context, key)))))
        {
            ResizeKeyboard = true,
            IsPersistent = true,
            InputFieldPlaceholder = texts.Get(context, "MenuPlaceholder"),
        };
}
