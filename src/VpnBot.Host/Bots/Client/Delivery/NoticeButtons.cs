using System.Globalization;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;

namespace VpnBot.Host.Bots.Client.Delivery;

/// <summary>The one button a notice offers, when there is an obvious next step: renew, or look at the subscription.</summary>
public static class NoticeButtons
{
    public static InlineKeyboardMarkup? For(string noticeKey, BotTexts texts, CultureInfo culture) => noticeKey switch
    {
        NoticeKeys.SubscriptionExpiresSoon or NoticeKeys.SubscriptionExpired or NoticeKeys.RenewalFailed or NoticeKeys.TrafficExhausted =>
            One(texts.Get(BotKind.Client, culture, "NoticeButton.Renew"), ClientCallbacks.Buy),
        NoticeKeys.SubscriptionRenewsSoon =>
            One(texts.Get(BotKind.Client, culture, "NoticeButton.Subscription"), ClientCallbacks.Subscription),
        _ => null,
    };

    private static InlineKeyboardMarkup One(string text, string callbackData) =>
        new(InlineKeyboardButton.WithCallbackData(text, callbackData));
}
