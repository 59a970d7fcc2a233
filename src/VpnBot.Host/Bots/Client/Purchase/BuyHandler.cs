using Microsoft.Extensions.Options;
using VpnBot.Core;
using VpnBot.Core.Analytics;
using VpnBot.Core.Payments;
using VpnBot.Core.Promotions;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>
/// The purchase flow, one step per button (see <see cref="ClientCallbacks.Buy"/>). Every step re-checks
/// what it was given: a plan withdrawn or a server filled since the button was drawn sends the user one
/// step back with a note, never an error.
/// </summary>
public sealed class BuyHandler(
    BotTexts texts, ScreenRenderer screens, PlanCatalog plans, PaymentHistory history, PaymentService payments, SubscriptionService subscriptions,
    ServerDirectory directory, IConversationStore conversations, ActivityLog activity, IOptions<SubscriptionOptions> options,
    CheckoutMethods methods) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        await conversations.LeaveConversationOnMenuPressAsync(context);
        var data = CallbackData.Parse(context.CallbackData);
        switch (data.Arg(0))
        {
            case "p" when data.LongArg(1) is { } planId:
                await ChoosePlanAsync(context, planId);
                break;
            case "s" when data.LongArg(1) is { } planId && data.LongArg(2) is { } serverId:
                await ChooseServerAsync(context, planId, serverId);
                break;
            case "m" when data.LongArg(1) is { } planId && data.LongArg(2) is { } serverId && data.Arg(3) is { } method:
                await PayAsync(context, planId, serverId, method);
                break;
            case "c" when data.LongArg(1) is { } paymentId:
                await CheckAsync(context, paymentId);
                break;
            default:
                await ShowPlansAsync(context);
                break;
        }
    }

    private async Task ShowPlansAsync(UpdateContext context, string? toast = null)
    {
        var user = context.RequireUser();
        var current = await subscriptions.CurrentAsync(user.Id, context.Ct);
        var trial = options.Value.Trial is { Enabled: true, Days: > 0 } && !user.TrialUsed && current is null;
        activity.Record(user.Id, ActivityActions.PlansViewed, null);
        await screens.ShowAsync(context, PurchaseScreens.Plans(texts, context, await plans.OnSaleAsync(context.Ct), current, trial), toast);
    }

    private async Task ChoosePlanAsync(UpdateContext context, long planId)
    {
        var plan = await ActivePlanAsync(planId, context.Ct);
        if (plan is null)
        {
            await ShowPlansAsync(context, texts.Get(context, "BuyPlanGone"));
            return;
        }
        // Renewal keeps the server and the key the customer already has.
        var current = await subscriptions.CurrentAsync(context.RequireUser().Id, context.Ct);
        if (current?.ServerId is not null)
        {
            await screens.ShowAsync(context, await methods.ScreenAsync(context, plan, 0));
            return;
        }
        await screens.ShowAsync(context, PurchaseScreens.Locations(texts, context, plan, await AvailableServersAsync(context.Ct)));
    }

    private async Task ChooseServerAsync(UpdateContext context, long planId, long serverId)
    {
        var plan = await ActivePlanAsync(planId, context.Ct);
        if (plan is null)
        {
            await ShowPlansAsync(context, texts.Get(context, "BuyPlanGone"));
            return;
        }
        var servers = await AvailableServersAsync(context.Ct);
        if (serverId != 0 && servers.All(s => s.Id != serverId))
        {
            await screens.ShowAsync(context, PurchaseScreens.Locations(texts, context, plan, servers), texts.Get(context, "BuyServerGone"));
            return;
        }
        await screens.ShowAsync(context, await methods.ScreenAsync(context, plan, serverId));
    }

    private async Task PayAsync(UpdateContext context, long planId, long serverId, string method)
    {
        var plan = await ActivePlanAsync(planId, context.Ct);
        if (plan is null)
        {
            await ShowPlansAsync(context, texts.Get(context, "BuyPlanGone"));
            return;
        }
        var user = context.RequireUser();
        try
        {
            // The remembered code goes with the checkout only where it applies; PaymentService checks it again.
            var promo = await methods.QuoteAsync(context, plan) is { Applies: true } quote ? quote.Code.Code : null;
            var start = await payments.StartAsync(new CheckoutRequest(user.Id, plan.Id, method, serverId == 0 ? null : serverId) { PromoCode = promo }, context.Ct);
            activity.Record(user.Id, ActivityActions.PaymentStarted, $"{method}:{plan.Id}");
            await screens.ShowAsync(context, PurchaseScreens.Checkout(texts, context, plan, start));
        }
        catch (PaymentException e) when (e.Error == PaymentError.ServerUnavailable)
        {
            // Closed or filled since the location was shown (or never offered: the button was forged).
            await screens.ShowAsync(context, PurchaseScreens.Locations(texts, context, plan, await AvailableServersAsync(context.Ct)), texts.Get(context, "BuyServerGone"));
        }
        catch (PromoRejectedException e)
        {
            // Used up or switched off since the methods were shown: the screen now says so, with the full prices.
            await screens.ShowAsync(context, await methods.ScreenAsync(context, plan, serverId), PromoScreens.Refusal(texts, context, e.Verdict));
        }
        catch (PaymentException e)
        {
            var key = e.Error switch
            {
                PaymentError.PlanUnavailable => "BuyPlanGone",
                PaymentError.MethodUnavailable => "BuyMethodGone",
                _ => "BuyProviderDown",
            };
            await screens.ShowAsync(context, await methods.ScreenAsync(context, plan, serverId), texts.Get(context, key));
        }
    }

    private async Task CheckAsync(UpdateContext context, long paymentId)
    {
        var user = context.RequireUser();
        if (await history.StatusAsync(user.Id, paymentId, context.Ct) is not { } status)
        {
            await ShowPlansAsync(context, texts.Get(context, "StaleButton"));
            return;
        }
        if (status == PaymentStatus.Pending) status = (await payments.ConfirmFromProviderAsync(paymentId, context.Ct)).Kind switch
        {
            PaymentOutcomeKind.Completed or PaymentOutcomeKind.Duplicate => PaymentStatus.Completed,
            PaymentOutcomeKind.Failed => PaymentStatus.Failed,
            _ => PaymentStatus.Pending,
        };
        var key = status switch
        {
            PaymentStatus.Completed => "BuyCheckPaid",
            PaymentStatus.Failed => "BuyCheckFailed",
            PaymentStatus.Refunded => "BuyCheckRefunded",
            _ => "BuyCheckPending",
        };
        await screens.AnswerAsync(context, texts.Get(context, key), alert: true);
    }

    private Task<SubscriptionPlan?> ActivePlanAsync(long planId, CancellationToken ct) => plans.OnSaleAsync(planId, ct);

    private Task<IReadOnlyList<ServerListing>> AvailableServersAsync(CancellationToken ct) => directory.ListSellableAsync(null, ct);
}
