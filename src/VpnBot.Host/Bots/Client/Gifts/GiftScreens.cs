using System.Net;
using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Gifts;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Referrals;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Gifts;

/// <summary>Gift a plan: plans → payment method → pay; and the buyer's list of gifts.</summary>
public static class GiftScreens
{
    public static Screen Plans(BotTexts texts, UpdateContext context, IReadOnlyList<SubscriptionPlan> plans)
    {
        var text = texts.Get(context, "GiftPlansTitle");
        if (plans.Count == 0) text += "\n\n" + texts.Get(context, "BuyNoPlans");
        var rows = plans.Select(p => new[]
        {
            NavButtons.Button($"🎁 {p.Name} — {DisplayFormat.Money(p.Price, p.Currency, context.Culture)}", CallbackData.Build(ClientCallbacks.Gift, "p", p.Id)),
        }).ToList();
        rows.Add(NavButtons.Row(texts, context, ClientCallbacks.Buy));
        return new Screen(text, new InlineKeyboardMarkup(rows));
    }

    public static Screen Methods(BotTexts texts, UpdateContext context, SubscriptionPlan plan, IReadOnlyList<PaymentOption> options)
    {
        var text = texts.Get(context, "GiftMethodTitle", WebUtility.HtmlEncode(plan.Name), plan.DurationDays);
        if (options.Count == 0) text += "\n\n" + texts.Get(context, "BuyNoMethods");
        var rows = options.Select(o => new[]
        {
            NavButtons.Button($"{texts.TryGet(context, "PayMethod_" + o.Method) ?? o.Method} — {DisplayFormat.Money(o.Price.Amount, o.Price.Currency, context.Culture)}",
                CallbackData.Build(ClientCallbacks.Gift, "m", CallbackData.Num(plan.Id), o.Method)),
        }).ToList();
        rows.Add(NavButtons.Row(texts, context, ClientCallbacks.Gift));
        return new Screen(text, new InlineKeyboardMarkup(rows));
    }

    public static Screen Checkout(BotTexts texts, UpdateContext context, SubscriptionPlan plan, PaymentStart start)
    {
        var price = DisplayFormat.Money(start.Amount, start.Currency, context.Culture);
        var text = texts.Get(context, "GiftCheckout", WebUtility.HtmlEncode(plan.Name), price, texts.TryGet(context, "PayMethod_" + start.Method) ?? start.Method);
        return new Screen(text, new InlineKeyboardMarkup(
        [
            [InlineKeyboardButton.WithUrl(texts.Get(context, "BuyPayButton", price), start.ConfirmationUrl)],
            [NavButtons.Button(texts.Get(context, "BuyCheckButton"), CallbackData.Build(ClientCallbacks.Buy, "c", start.PaymentId))],
            NavButtons.Row(texts, context, ClientCallbacks.Gift),
        ]));
    }

    public static Screen List(BotTexts texts, UpdateContext context, IReadOnlyList<GiftListing> gifts, IReadOnlyDictionary<long, string> links)
    {
        var text = new StringBuilder(texts.Get(context, "GiftsTitle")).Append("\n\n");
        if (gifts.Count == 0) text.Append(texts.Get(context, "GiftsNone"));
        foreach (var g in gifts)
        {
            var name = WebUtility.HtmlEncode(g.PlanName);
            var bought = DisplayFormat.Date(texts, context, g.CreatedAt);
            text.Append(g.Status switch
            {
                GiftStatus.Issued => texts.Get(context, "GiftLineIssued", name, bought, WebUtility.HtmlEncode(links[g.Id])),
                GiftStatus.Redeemed => texts.Get(context, "GiftLineRedeemed", name, bought, DisplayFormat.Date(texts, context, g.RedeemedAt!.Value)),
                _ => texts.Get(context, "GiftLineRefunded", name, bought),
            }).Append("\n\n");
        }
        return new Screen(text.ToString().TrimEnd(), new InlineKeyboardMarkup(
        [
            [NavButtons.Button(texts.Get(context, "GiftButton"), ClientCallbacks.Gift)],
            NavButtons.Row(texts, context, ClientCallbacks.Profile),
        ]));
    }

    /// <summary>Sent to the buyer when the gift's payment completed: the link to forward, with a share button.</summary>
    public static (string Text, InlineKeyboardMarkup Keyboard) Paid(BotTexts texts, System.Globalization.CultureInfo culture, string planName, string link) =>
        (texts.Get(BotKind.Client, culture, "GiftPaid", WebUtility.HtmlEncode(planName), WebUtility.HtmlEncode(link)),
         new InlineKeyboardMarkup([[InlineKeyboardButton.WithUrl(texts.Get(BotKind.Client, culture, "GiftShareButton"),
             ClientBotLink.ShareUrl(link, texts.Get(BotKind.Client, culture, "GiftShareText")))]]));
}
