using System.Globalization;
using System.Net;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Host.Bots.Admin.Alerts;

/// <summary>The alert about a Stars payment that was not applied, and its buttons.</summary>
public static class StarsReceiptScreens
{
    /// <summary>str:r:{receipt} asks to refund, str:ry:{receipt} refunds, str:t:{receipt} retries, str:d:{receipt} dealt with, str:b:{receipt} back.</summary>
    public const string Prefix = "str";

    /// <param name="customer">The customer's name, when they have a user row.</param>
    public static Screen Alert(BotTexts texts, CultureInfo culture, StarsReceipt receipt, string? customer, string? note = null)
    {
        var who = customer is { Length: > 0 } ? " " + WebUtility.HtmlEncode(customer) : "";
        var text = Get(texts, culture, "StarsAlert", receipt.Id, receipt.Amount, WebUtility.HtmlEncode(receipt.Currency), receipt.TelegramUserId, who,
            WebUtility.HtmlEncode(receipt.TelegramPaymentChargeId), WebUtility.HtmlEncode(receipt.InvoicePayload),
            Get(texts, culture, "StarsState." + SnakeCaseEnum<StarsReceiptState>.ToText(receipt.State)), receipt.Attempts,
            WebUtility.HtmlEncode(receipt.LastError ?? "—"));
        if (note is not null) return new Screen(text + "\n\n" + note, null);
        if (!receipt.IsOpen) return new Screen(text, null);
        var id = CallbackData.Num(receipt.Id);
        return new Screen(text, new InlineKeyboardMarkup(
            Button(texts, culture, "AlertRefund", CallbackData.Build(Prefix, "r", id)),
            Button(texts, culture, "StarsRetry", CallbackData.Build(Prefix, "t", id)),
            Button(texts, culture, "AlertDone", CallbackData.Build(Prefix, "d", id))));
    }

    public static Screen RefundConfirm(BotTexts texts, CultureInfo culture, StarsReceipt receipt, string? customer) =>
        new(Alert(texts, culture, receipt, customer).Text + "\n\n" + Get(texts, culture, "StarsRefundSure", receipt.Amount, WebUtility.HtmlEncode(receipt.Currency)),
            new InlineKeyboardMarkup(
                Button(texts, culture, "AlertRefundYes", CallbackData.Build(Prefix, "ry", CallbackData.Num(receipt.Id))),
                Button(texts, culture, "AlertBack", CallbackData.Build(Prefix, "b", CallbackData.Num(receipt.Id)))));

    /// <summary>"Ann Smith @ann" for the alert; null without a user row.</summary>
    public static string? Customer(Core.Users.User? user) => user is null ? null
        : string.Join(' ', new[] { user.FirstName, user.LastName, user.Username is { } u ? "@" + u : null }.Where(n => !string.IsNullOrWhiteSpace(n)));

    private static InlineKeyboardButton Button(BotTexts texts, CultureInfo culture, string key, string data) =>
        InlineKeyboardButton.WithCallbackData(Get(texts, culture, key), data);

    private static string Get(BotTexts texts, CultureInfo culture, string key, params object?[] args) => texts.Get(BotKind.Admin, culture, key, args);
}
