using System.Globalization;
using System.Net;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>
/// The terms of auto-renewal, shown before a card checkout that keeps the card: what will be charged (amount and
/// plan, every N days), when (before the expiry, by <see cref="SubscriptionOptions.RenewBefore"/>; the balance first),
/// and how to switch it off. The card is kept only when the customer presses "agree" here.
/// </summary>
public static class AutoRenewalConsentScreen
{
    /// <summary>The "pay and renew automatically" button under the payment methods, for a provider that keeps cards.</summary>
    public static IEnumerable<InlineKeyboardButton[]> OfferRows(BotTexts texts, UpdateContext context, SubscriptionPlan plan, long serverId, IReadOnlyList<PaymentOption> options) =>
        options.Where(o => o.SavesCard).Take(1).Select(o => new[]
        {
            NavButtons.Button(texts.Get(context, "ArOfferButton", DisplayFormat.Money(o.Price.Amount, o.Price.Currency, context.Culture)),
                CallbackData.Build(ClientCallbacks.AutoRenewalConsent, CallbackData.Num(plan.Id), CallbackData.Num(serverId))),
        });

    /// <param name="back">Where "Back" leads: the payment methods, or "My subscription" when the switch sent the customer here.</param>
    public static Screen Build(BotTexts texts, UpdateContext context, SubscriptionPlan plan, long serverId, Money price, TimeSpan renewBefore, string back)
    {
        var amount = DisplayFormat.Money(price.Amount, price.Currency, context.Culture);
        var text = texts.Get(context, "ArConsent", WebUtility.HtmlEncode(plan.Name), amount, plan.DurationDays, Before(texts, context, renewBefore));
        var agree = CallbackData.Build(ClientCallbacks.AutoRenewalConsent, CallbackData.Num(plan.Id), CallbackData.Num(serverId), "y");
        return new Screen(text, new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "ArConsentAgree", amount), agree)],
            NavButtons.Row(texts, context, back),
        ]));
    }

    /// <summary>"1 day" / "12 hours" before the expiry, as the option is set.</summary>
    private static string Before(BotTexts texts, UpdateContext context, TimeSpan renewBefore) =>
        renewBefore.Ticks % TimeSpan.TicksPerDay == 0
            ? texts.Get(context, "ArConsentDays", ((int)renewBefore.TotalDays).ToString(CultureInfo.InvariantCulture))
            : texts.Get(context, "ArConsentHours", Math.Max(1, (int)Math.Round(renewBefore.TotalHours)).ToString(CultureInfo.InvariantCulture));
}
