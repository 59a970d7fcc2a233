using System.Net;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Account;

/// <summary>Resetting the subscription link: the warning that the old link stops working, then the new link.</summary>
public static class FeedLinkScreens
{
    /// <summary>The button under My keys that leads here.</summary>
    public static InlineKeyboardButton Button(BotTexts texts, UpdateContext context) =>
        NavButtons.Button(texts.Get(context, "LinkReset"), ClientCallbacks.FeedLink);

    /// <summary>The "yes" carries the fingerprint of the link on screen, so a second or stale press resets nothing.</summary>
    public static Screen Confirm(BotTexts texts, UpdateContext context, string fingerprint) =>
        new(texts.Get(context, "LinkResetConfirm"), new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "LinkResetYes"), CallbackData.Build(ClientCallbacks.FeedLink, "y", fingerprint))],
            NavButtons.Row(texts, context, ClientCallbacks.Config),
        ]));

    public static Screen Done(BotTexts texts, UpdateContext context, string? url) =>
        new(url is null ? texts.Get(context, "LinkResetDoneNoUrl") : texts.Get(context, "LinkResetDone", WebUtility.HtmlEncode(url)),
            new InlineKeyboardMarkup([NavButtons.Row(texts, context, ClientCallbacks.Config)]));
}
