using System.Net;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Promotions;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>Promo code screens: asking for a code, and what became of one.</summary>
public static class PromoScreens
{
    /// <summary>"Send the code"; Back leads where the customer came from (checkout or profile).</summary>
    public static Screen Ask(BotTexts texts, UpdateContext context, string back) =>
        new(texts.Get(context, "PromoAsk"), new InlineKeyboardMarkup([NavButtons.Row(texts, context, back)]));

    /// <summary>Why a code cannot be used, in one sentence the customer can act on.</summary>
    public static string Refusal(BotTexts texts, UpdateContext context, PromoVerdict verdict) => texts.Get(context, "Promo" + verdict switch
    {
        PromoVerdict.Disabled or PromoVerdict.Expired => "Expired",
        PromoVerdict.NotYetValid => "NotYetValid",
        PromoVerdict.UsedUp => "UsedUp",
        PromoVerdict.NotForPlan => "NotForPlan",
        PromoVerdict.FirstPurchaseOnly => "FirstPurchaseOnly",
        PromoVerdict.AlreadyUsed => "AlreadyUsed",
        PromoVerdict.NotForMethod => "NotForMethod",
        PromoVerdict.TooManyAttempts => "TooManyAttempts",
        _ => "Unknown",
    });

    /// <summary>What an accepted code did (outside checkout: remembered for the next purchase, or redeemed).</summary>
    public static string Accepted(BotTexts texts, UpdateContext context, PromoEntry entry)
    {
        var code = WebUtility.HtmlEncode(entry.Code!.Code);
        if (entry.SubscriptionUntil is { } until) return texts.Get(context, "PromoFreeDays", code, (int)entry.Code.Value, DisplayFormat.Date(texts, context, until));
        if (entry.Balance is { } balance)
            return texts.Get(context, "PromoBalance", code, DisplayFormat.Money(entry.Code.Value, PromoPricing.Rub, context.Culture),
                DisplayFormat.Money(balance, PromoPricing.Rub, context.Culture));
        return texts.Get(context, "PromoRemembered", code, Describe(texts, context, entry.Code));
    }

    /// <summary>"20% off", "100 ₽ off", "+7 days".</summary>
    public static string Describe(BotTexts texts, UpdateContext context, PromoCode code) => code.Kind switch
    {
        PromoKind.Percent => texts.Get(context, "PromoPercentOff", (int)code.Value),
        PromoKind.Amount => texts.Get(context, "PromoAmountOff", DisplayFormat.Money(code.Value, PromoPricing.Rub, context.Culture)),
        PromoKind.ExtraDays => texts.Get(context, "PromoExtraDays", (int)code.Value),
        PromoKind.FreeDays => texts.Get(context, "PromoExtraDays", (int)code.Value),
        _ => DisplayFormat.Money(code.Value, PromoPricing.Rub, context.Culture),
    };

    public static Screen Result(string text, BotTexts texts, UpdateContext context, string back) =>
        new(text, new InlineKeyboardMarkup([NavButtons.Row(texts, context, back)]));
}
