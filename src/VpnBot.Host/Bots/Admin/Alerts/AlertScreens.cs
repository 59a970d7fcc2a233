using System.Globalization;
using System.Net;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Host.Bots.Admin.Alerts;

/// <summary>The texts and buttons of operator alerts: a payment to decide on, a change stuck on its way to a server.</summary>
public static class AlertScreens
{
    /// <summary>
    /// rev:a:{payment} activate, rev:r:{payment} refund (asks), rev:ry:{payment} refund for sure, rev:m:{payment} asks and
    /// rev:my:{payment} records a refund made by hand (Crypto Pay has no refund API), rev:d:{payment} done.
    /// </summary>
    public const string ReviewPrefix = "rev";

    /// <summary>btr:{task} runs the backend task again now.</summary>
    public const string RetryTaskPrefix = "btr";

    public static Screen Review(BotTexts texts, CultureInfo culture, Payment payment, string? note = null)
    {
        var user = payment.User!;
        var who = WebUtility.HtmlEncode(string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))))
            + (user.Username is { } u ? " @" + WebUtility.HtmlEncode(u) : "");
        var text = Get(texts, culture, "AlertReview", payment.Id, WebUtility.HtmlEncode(payment.ReviewReason ?? "—"), who, user.TelegramId,
            string.Create(CultureInfo.InvariantCulture, $"{payment.Amount:0.##} {payment.Currency}"), payment.PaymentMethod, payment.Status.ToString().ToLowerInvariant());
        if (note is not null) return new Screen(text + "\n\n" + note, null);
        var id = CallbackData.Num(payment.Id);
        var refund = payment.PaymentMethod == PaymentMethods.CryptoPay
            ? Button(texts, culture, "AlertRefundedByHand", CallbackData.Build(ReviewPrefix, "m", id))
            : Button(texts, culture, "AlertRefund", CallbackData.Build(ReviewPrefix, "r", id));
        InlineKeyboardButton[] row = payment.Status == PaymentStatus.Pending
            ? [Button(texts, culture, "AlertActivate", CallbackData.Build(ReviewPrefix, "a", id)), refund]
            : [Button(texts, culture, "AlertDone", CallbackData.Build(ReviewPrefix, "d", id))];
        return new Screen(text, new InlineKeyboardMarkup(row));
    }

    public static Screen RefundConfirm(BotTexts texts, CultureInfo culture, Payment payment, bool byHand = false) =>
        new(Review(texts, culture, payment).Text + "\n\n" + Get(texts, culture, byHand ? "AlertRefundedByHandSure" : "AlertRefundSure"), new InlineKeyboardMarkup(
            Button(texts, culture, "AlertRefundYes", CallbackData.Build(ReviewPrefix, byHand ? "my" : "ry", CallbackData.Num(payment.Id))),
            Button(texts, culture, "AlertBack", CallbackData.Build(ReviewPrefix, "b", CallbackData.Num(payment.Id)))));

    public static Screen TaskFailing(BotTexts texts, CultureInfo culture, BackendTask task, string server, long telegramId, string? note = null)
    {
        var text = Get(texts, culture, "AlertTask", task.Id, task.Kind.ToString().ToLowerInvariant(), task.SubscriptionId, telegramId,
            WebUtility.HtmlEncode(server), task.Attempts, WebUtility.HtmlEncode(task.LastError ?? "—"));
        if (note is not null) return new Screen(text + "\n\n" + note, null);
        return new Screen(text, new InlineKeyboardMarkup(Button(texts, culture, "AlertRetry", CallbackData.Build(RetryTaskPrefix, CallbackData.Num(task.Id)))));
    }

    private static InlineKeyboardButton Button(BotTexts texts, CultureInfo culture, string key, string data) =>
        InlineKeyboardButton.WithCallbackData(Get(texts, culture, key), data);

    private static string Get(BotTexts texts, CultureInfo culture, string key, params object?[] args) => texts.Get(BotKind.Admin, culture, key, args);
}
