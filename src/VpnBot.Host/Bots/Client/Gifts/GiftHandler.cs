using VpnBot.Core;
using VpnBot.Core.Analytics;
using VpnBot.Core.Gifts;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Referrals;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Gifts;

/// <summary>
/// Buying a plan as a gift (see <see cref="ClientCallbacks.Gift"/>): plan → method → pay, no location (the recipient's
/// first activation is placed like a purchase), and "My gifts". Each step re-checks what the button carried.
/// </summary>
public sealed class GiftHandler(
    BotTexts texts, ScreenRenderer screens, PlanCatalog plans, PaymentService payments, GiftCatalog gifts,
    ClientBotLink links, IConversationStore conversations, ActivityLog activity) : IUpdateHandler
{
    private const int ListSize = 10;

    public async Task HandleAsync(UpdateContext context)
    {
        await conversations.LeaveConversationOnMenuPressAsync(context);
        var data = CallbackData.Parse(context.CallbackData);
        switch (data.Arg(0))
        {
            case "p" when data.LongArg(1) is { } planId:
                await ChoosePlanAsync(context, planId);
                break;
            case "m" when data.LongArg(1) is { } planId && data.Arg(2) is { } method:
                await PayAsync(context, planId, method);
                break;
            case "l":
                await ListAsync(context);
                break;
            default:
                await ShowPlansAsync(context);
                break;
        }
    }

    private async Task ShowPlansAsync(UpdateContext context, string? toast = null) =>
        await screens.ShowAsync(context, GiftScreens.Plans(texts, context, await plans.OnSaleAsync(context.Ct)), toast);

    private async Task ChoosePlanAsync(UpdateContext context, long planId)
    {
        if (await plans.OnSaleAsync(planId, context.Ct) is not { } plan)
        {
            await ShowPlansAsync(context, texts.Get(context, "BuyPlanGone"));
            return;
        }
        await screens.ShowAsync(context, GiftScreens.Methods(texts, context, plan, payments.OptionsFor(plan)));
    }

    private async Task PayAsync(UpdateContext context, long planId, string method)
    {
        if (await plans.OnSaleAsync(planId, context.Ct) is not { } plan)
        {
            await ShowPlansAsync(context, texts.Get(context, "BuyPlanGone"));
            return;
        }
        var user = context.RequireUser();
        try
        {
            var start = await payments.StartAsync(new CheckoutRequest(user.Id, plan.Id, method) { Purpose = PaymentPurpose.Gift }, context.Ct);
            activity.Record(user.Id, ActivityActions.PaymentStarted, $"{method}:{plan.Id}");
            await screens.ShowAsync(context, GiftScreens.Checkout(texts, context, plan, start));
        }
        catch (PaymentException e)
        {
            var key = e.Error switch
            {
                PaymentError.PlanUnavailable => "BuyPlanGone",
                PaymentError.MethodUnavailable => "BuyMethodGone",
                _ => "BuyProviderDown",
            };
            await screens.ShowAsync(context, GiftScreens.Methods(texts, context, plan, payments.OptionsFor(plan)), texts.Get(context, key));
        }
    }

    private async Task ListAsync(UpdateContext context)
    {
        var list = await gifts.ListAsync(context.RequireUser().Id, ListSize, context.Ct);
        var issuedLinks = new Dictionary<long, string>();
        foreach (var g in list.Where(g => g.Status == GiftStatus.Issued))
            issuedLinks[g.Id] = await links.StartUrlAsync(GiftStartLink.Prefix + g.Code, context.Ct);
        await screens.ShowAsync(context, GiftScreens.List(texts, context, list, issuedLinks));
    }
}
