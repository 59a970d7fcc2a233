using System.Globalization;
using System.Net;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin;

/// <summary>How the admin screens write times, money and user-supplied text.</summary>
public static class AdminFormat
{
    /// <summary>Operators compare times across the team and with logs: always UTC, one fixed shape.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Money(decimal amount, string currency) => amount.ToString("0.##", CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>Names, usernames and server names come from outside: never let them become HTML.</summary>
    public static string Html(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static InlineKeyboardButton Button(string text, string data) => InlineKeyboardButton.WithCallbackData(text, data);

    public static InlineKeyboardButton DashboardButton(BotTexts texts, UpdateContext context) =>
        Button(texts.Get(context, "BackToDashboard"), AdminCallbacks.Dashboard);
}
