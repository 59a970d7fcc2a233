using Microsoft.Extensions.Options;
using VpnBot.Core.Analytics;
using VpnBot.Core.Payments;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>
/// arc:{plan}:{server} shows the auto-renewal terms; arc:{plan}:{server}:y is the customer's consent: the card
/// checkout opens with the consent recorded on the payment, so the card the provider keeps is stored for renewals.
/// Server 0 means a renewal (the subscription keeps its server). Every id is re-checked as in <see cref="BuyHandler"/>.
/// </summary>
public sealed class AutoRenewalConsentHandler(
    BotTexts texts, ScreenRenderer screens, PlanCatalog plans, PaymentService payments, ServerDirectory directory,
    IConversationStore conversations, ActivityLog activity, IOptions<SubscriptionOptions> options, CheckoutMethods methods) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        await conversations.LeaveConversationOnMenuPressAsync(context);
        var data = CallbackData.Parse(context.CallbackData);
        if (data.LongArg(0) is not { } planId || data.LongArg(1) is not { } serverId)
        {
            await screens.ShowAsync(context, await PlansScreenAsync(context), texts.Get(context, "StaleButton"));
            return;
        }
        var back = serverId == 0 ? CallbackData.Build(ClientCallbacks.Buy, "p", planId)
            : CallbackData.Build(ClientCallbacks.Buy, "s", CallbackData.Num(planId), CallbackData.Num(serverId));
        if (data.Arg(2) == "y") await AgreeAsync(context, planId, serverId, back);
        else if (await ScreenForAsync(texts, context, plans, payments, options.Value, planId, serverId, back) is { } screen) await screens.ShowAsync(context, screen);
        else await screens.ShowAsync(context, await PlansScreenAsync(context), texts.Get(context, "ArUnavailable"));
    }

    /// <summary>The terms for <paramref name="planId"/> through the provider that keeps cards, or null when the plan or that provider is not on offer.</summary>
    public static async Task<Screen?> ScreenForAsync(
        BotTexts texts, UpdateContext context, PlanCatalog plans, PaymentService payments, SubscriptionOptions options, long planId, long serverId, string back)
    {
        if (await plans.OnSaleAsync(planId, context.Ct) is not { } plan) return null;
        if (payments.OptionsFor(plan).FirstOrDefault(o => o.SavesCard) is not { } card) return null;
        return AutoRenewalConsentScreen.Build(texts, context, plan, serverId, card.Price, options.RenewBefore, back);
    }

    private async Task AgreeAsync(UpdateContext context, long planId, long serverId, string back)
    {
        var user = context.RequireUser();
        var plan = await plans.OnSaleAsync(planId, context.Ct);
        var card = plan is null ? null : payments.OptionsFor(plan).FirstOrDefault(o => o.SavesCard);
        if (plan is null || card is null)
        {
            await screens.ShowAsync(context, await PlansScreenAsync(context), texts.Get(context, plan is null ? "BuyPlanGone" : "ArUnavailable"));
            return;
        }
        try
        {
            // A remembered promo code discounts this first payment only; the renewals the terms describe are at the plan's price.
            var promo = await methods.QuoteAsync(context, plan) is { Applies: true } quote ? quote.Code.Code : null;
            var start = await payments.StartAsync(new CheckoutRequest(user.Id, plan.Id, card.Method, serverId == 0 ? null : serverId) { SaveCard = true, PromoCode = promo }, context.Ct);
            activity.Record(user.Id, ActivityActions.PaymentStarted, $"{card.Method}+autorenew:{plan.Id}");
            await screens.ShowAsync(context, PurchaseScreens.Checkout(texts, context, plan, start));
        }
        catch (PaymentException e) when (e.Error == PaymentError.ServerUnavailable)
        {
            await screens.ShowAsync(context, PurchaseScreens.Locations(texts, context, plan, await directory.ListSellableAsync(null, context.Ct)), texts.Get(context, "BuyServerGone"));
        }
        catch (PaymentException e)
        {
            var key = e.Error switch
            {
                PaymentError.PlanUnavailable => "BuyPlanGone",
                PaymentError.MethodUnavailable => "BuyMethodGone",
                _ => "BuyProviderDown",
            };
            await screens.ShowAsync(context, AutoRenewalConsentScreen.Build(texts, context, plan, serverId, card.Price, options.Value.RenewBefore, back), texts.Get(context, key));
        }
    }

    private async Task<Screen> PlansScreenAsync(UpdateContext context) =>
        PurchaseScreens.Plans(texts, context, await plans.OnSaleAsync(context.Ct), renewing: null, trialOffered: false);
}
