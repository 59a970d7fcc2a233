using System.Globalization;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Shared;

/// <summary>Dates and money the way the user's language writes them.</summary>
public static class DisplayFormat
{
    public static string Date(BotTexts texts, UpdateContext context, DateTimeOffset value) =>
        value.UtcDateTime.ToString(texts.Get(context, "DateFormat"), context.Culture);

    public static string Money(decimal amount, string currency, CultureInfo culture)
    {
        var number = amount.ToString("#,0.##", culture);
        return currency.ToUpperInvariant() switch
        {
            "RUB" => number + " ₽",
            "XTR" => number + " ⭐",
            "USD" => "$" + number,
            "EUR" => number + " €",
            var other => number + " " + other,
        };
    }
}
