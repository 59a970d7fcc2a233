using System.Net;
using System.Text;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Payments;
using VpnBot.Core.Promotions;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Servers;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>Buy / renew: plans → location (first purchase only) → payment method → pay.</summary>
public static class PurchaseScreens
{
    public static Screen Plans(BotTexts texts, UpdateContext context, IReadOnlyList<SubscriptionPlan> plans, Subscription? renewing, bool trialOffered)
    {
        var text = new StringBuilder(texts.Get(context, "BuyTitle"));
        if (renewing?.ExpiresAt is { } until && renewing.ExpiresAt > DateTimeOffset.UtcNow)
            text.Append("\n\n").Append(texts.Get(context, "BuyRenewing", DisplayFormat.Date(texts, context, until)));
        if (plans.Count == 0) text.Append("\n\n").Append(texts.Get(context, "BuyNoPlans"));
        foreach (var plan in plans) text.Append("\n\n").Append(PlanLine(texts, context, plan));

        var rows = plans.Select(p => new[]
        {
            NavButtons.Button($"{(p.IsPopular ? "🔥 " : "")}{p.Name} — {DisplayFormat.Money(p.Price, p.Currency, context.Culture)}",
                CallbackData.Build(ClientCallbacks.Buy, "p", p.Id)),
        }).ToList();
        if (trialOffered) rows.Add([NavButtons.Button(texts.Get(context, "BuyTrial"), ClientCallbacks.Trial)]);
        if (plans.Count > 0) rows.Add([NavButtons.Button(texts.Get(context, "GiftButton"), ClientCallbacks.Gift)]);
        rows.Add(NavButtons.Row(texts, context));
        return new Screen(text.ToString(), new InlineKeyboardMarkup(rows));
    }

    public static Screen Locations(BotTexts texts, UpdateContext context, SubscriptionPlan plan, IReadOnlyList<ServerListing> servers)
    {
        var text = texts.Get(context, "BuyLocationTitle", WebUtility.HtmlEncode(plan.Name));
        if (servers.Count == 0) text += "\n\n" + texts.Get(context, "BuyNoLocations");
        var rows = servers.Select((s, i) => new[]
        {
            NavButtons.Button($"{(i == 0 ? "⭐ " : "")}{CountryFlag.Emoji(s.CountryCode)} {s.Location}{(s.City is { Length: > 0 } c ? ", " + c : "")} · {ServersScreen.Load(texts, context, s.Load)}",
                CallbackData.Build(ClientCallbacks.Buy, "s", CallbackData.Num(plan.Id), CallbackData.Num(s.Id))),
        }).ToList();
        rows.Add(NavButtons.Row(texts, context, ClientCallbacks.Buy));
        return new Screen(text, new InlineKeyboardMarkup(rows));
    }

    /// <param name="promo">The customer's remembered code as it applies to this plan (its prices replace <paramref name="options"/>' when it applies).</param>
    public static Screen Methods(BotTexts texts, UpdateContext context, SubscriptionPlan plan, long serverId, IReadOnlyList<PaymentOption> options,
        PromoQuote? promo = null)
    {
        var text = texts.Get(context, "BuyMethodTitle", WebUtility.HtmlEncode(plan.Name), plan.DurationDays);
        if (options.Count == 0) text += "\n\n" + texts.Get(context, "BuyNoMethods");
        if (promo is not null) text += "\n\n" + PromoLine(texts, context, promo);
        if (promo is { Applies: true }) options = promo.Options;
        var rows = options.Select(o => new[]
        {
            NavButtons.Button($"{texts.TryGet(context, "PayMethod_" + o.Method) ?? o.Method} — {DisplayFormat.Money(o.Price.Amount, o.Price.Currency, context.Culture)}",
                CallbackData.Build(ClientCallbacks.Buy, "m", CallbackData.Num(plan.Id), CallbackData.Num(serverId), o.Method)),
        }).ToList();
        rows.Add([promo is null
            ? NavButtons.Button(texts.Get(context, "PromoHaveCode"), CallbackData.Build(ClientCallbacks.Promo, "a", CallbackData.Num(plan.Id), CallbackData.Num(serverId)))
            : NavButtons.Button(texts.Get(context, "PromoRemove"), CallbackData.Build(ClientCallbacks.Promo, "x", CallbackData.Num(plan.Id), CallbackData.Num(serverId)))]);
        rows.AddRange(AutoRenewalConsentScreen.OfferRows(texts, context, plan, serverId, options));
        rows.Add(NavButtons.Row(texts, context, serverId == 0 ? ClientCallbacks.Buy : CallbackData.Build(ClientCallbacks.Buy, "p", plan.Id)));
        return new Screen(text, new InlineKeyboardMarkup(rows));
    }

    private static string PromoLine(BotTexts texts, UpdateContext context, PromoQuote promo) => promo.Applies
        ? texts.Get(context, "PromoApplied", WebUtility.HtmlEncode(promo.Code.Code), PromoScreens.Describe(texts, context, promo.Code))
        : texts.Get(context, "PromoNotApplied", WebUtility.HtmlEncode(promo.Code.Code), PromoScreens.Refusal(texts, context, promo.Verdict));

    public static Screen Checkout(BotTexts texts, UpdateContext context, SubscriptionPlan plan, PaymentStart start)
    {
        var text = texts.Get(context, "BuyCheckout", WebUtility.HtmlEncode(plan.Name), DisplayFormat.Money(start.Amount, start.Currency, context.Culture),
            texts.TryGet(context, "PayMethod_" + start.Method) ?? start.Method);
        var rows = new List<InlineKeyboardButton[]>
        {
            new[] { InlineKeyboardButton.WithUrl(texts.Get(context, "BuyPayButton", DisplayFormat.Money(start.Amount, start.Currency, context.Culture)), start.ConfirmationUrl) },
            new[] { NavButtons.Button(texts.Get(context, "BuyCheckButton"), CallbackData.Build(ClientCallbacks.Buy, "c", start.PaymentId)) },
            NavButtons.Row(texts, context, ClientCallbacks.Buy),
        };
        return new Screen(text, new InlineKeyboardMarkup(rows));
    }

    private static string PlanLine(BotTexts texts, UpdateContext context, SubscriptionPlan plan)
    {
        var traffic = plan.TrafficLimitGb is { } gb ? texts.Get(context, "PlanTraffic", gb) : texts.Get(context, "PlanUnlimited");
        var line = texts.Get(context, "PlanLine", WebUtility.HtmlEncode(plan.Name), plan.DurationDays,
            DisplayFormat.Money(plan.Price, plan.Currency, context.Culture), traffic, plan.DeviceLimit);
        if (plan.IsPopular) line = "🔥 " + line;
        return plan.Description is { Length: > 0 } d ? line + "\n<i>" + WebUtility.HtmlEncode(d) + "</i>" : line;
    }
}
