using System.Globalization;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Host.Bots.Client.Delivery;

/// <summary>
/// The buttons a notice offers, when there is an obvious next step: renew, pay for the plan again, look at the
/// subscription, or switch auto-renewal (the reminders carry the switch, so it is one press from where the
/// customer reads about it). The ids come from the notice's arguments (see <see cref="NoticeKeys"/>).
/// </summary>
public static class NoticeButtons
{
    public static InlineKeyboardMarkup? For(string noticeKey, IReadOnlyList<object> args, BotTexts texts, CultureInfo culture) => noticeKey switch
    {
        NoticeKeys.SubscriptionExpiresSoon when Id(args, 0) is { } subscriptionId =>
            Rows([Button(texts, culture, "NoticeButton.Renew", ClientCallbacks.Buy)],
                [Button(texts, culture, "NoticeButton.AutoRenewOn", AutoRenewal(subscriptionId, on: true))]),
        NoticeKeys.SubscriptionRenewsSoon when Id(args, 0) is { } subscriptionId =>
            Rows([Button(texts, culture, "NoticeButton.Subscription", ClientCallbacks.Subscription)],
                [Button(texts, culture, "NoticeButton.AutoRenewOff", AutoRenewal(subscriptionId, on: false))]),
        NoticeKeys.RenewalFailed =>
            Rows([Button(texts, culture, "NoticeButton.Pay", PlanOrPlans(args, 2))]),
        NoticeKeys.WinBackToday or NoticeKeys.WinBack or NoticeKeys.WinBackOffer =>
            Rows([Button(texts, culture, "NoticeButton.Renew", PlanOrPlans(args, 2))]),
        NoticeKeys.SubscriptionExpiresSoon or NoticeKeys.SubscriptionExpired or NoticeKeys.TrafficExhausted =>
            Rows([Button(texts, culture, "NoticeButton.Renew", ClientCallbacks.Buy)]),
        NoticeKeys.SubscriptionRenewsSoon =>
            Rows([Button(texts, culture, "NoticeButton.Subscription", ClientCallbacks.Subscription)]),
        _ => null,
    };

    /// <summary>The checkout of the plan the customer had (the purchase flow re-checks it is still sold), else the plans.</summary>
    private static string PlanOrPlans(IReadOnlyList<object> args, int index) =>
        Id(args, index) is { } planId and > 0 ? CallbackData.Build(ClientCallbacks.Buy, "p", planId) : ClientCallbacks.Buy;

    private static string AutoRenewal(long subscriptionId, bool on) =>
        CallbackData.Build(ClientCallbacks.Subscription, "ar", CallbackData.Num(subscriptionId), on ? "1" : "0");

    private static long? Id(IReadOnlyList<object> args, int index) =>
        args.Count > index && args[index] is long or int ? Convert.ToInt64(args[index], CultureInfo.InvariantCulture) : null;

    private static InlineKeyboardButton Button(BotTexts texts, CultureInfo culture, string key, string callbackData) =>
        InlineKeyboardButton.WithCallbackData(texts.Get(BotKind.Client, culture, key), callbackData);

    private static InlineKeyboardMarkup Rows(params InlineKeyboardButton[][] rows) => new(rows);
}
