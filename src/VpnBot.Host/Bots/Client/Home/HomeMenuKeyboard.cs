using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Home;

/// <summary>
/// The inline twin of the reply-keyboard menu, shown by "🏠 Menu" in place of the screen it was
/// pressed on. Sections join it here once their callbacks are routed (Buy, My subscription and
/// My key come with their flows).
/// </summary>
public static class HomeMenuKeyboard
{
    public static readonly (string TextKey, string Callback)[][] Layout =
    [
        [("MenuBuy", ClientCallbacks.Buy)],
        [("MenuSubscription", ClientCallbacks.Subscription), ("MenuConfig", ClientCallbacks.Config)],
        [("MenuServers", ClientCallbacks.Servers), ("MenuInstructions", ClientCallbacks.Instructions)],
        [("MenuSupport", ClientCallbacks.Support), ("MenuProfile", ClientCallbacks.Profile)],
    ];

    public static InlineKeyboardMarkup Build(BotTexts texts, UpdateContext context) =>
        new(Layout.Select(row => row.Select(b => NavButtons.Button(texts.Get(context, b.TextKey), b.Callback))));
}
