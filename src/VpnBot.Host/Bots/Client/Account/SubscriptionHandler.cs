using Microsoft.Extensions.Options;
using VpnBot.Core.Analytics;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Bots.Client.Purchase;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Account;

/// <summary>sub shows the subscription; sub:ar:{id}:{1|0} switches auto-renewal.</summary>
public sealed class SubscriptionHandler(
    BotTexts texts, ScreenRenderer screens, PlanCatalog plans, CustomerKeys keys, SubscriptionService subscriptions, IConversationStore conversations,
    ActivityLog activity, TimeProvider time, PaymentService payments, IOptions<SubscriptionOptions> options) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        await conversations.LeaveConversationOnMenuPressAsync(context);
        var user = context.RequireUser();
        var data = CallbackData.Parse(context.CallbackData);
        string? toast = null;
        if (data.Arg(0) == "ar" && data.LongArg(1) is { } subscriptionId && data.Arg(2) is "1" or "0")
        {
            try
            {
                var status = await subscriptions.SetAutoRenewalAsync(user.Id, subscriptionId, data.Arg(2) == "1", context.Ct);
                // No saved card: not a dead end, but the card checkout with the auto-renewal terms for this plan.
                if (status == AutoRenewalStatus.NeedsSavedPaymentMethod && await ConsentScreenAsync(context, subscriptionId) is { } consent)
                {
                    await screens.ShowAsync(context, consent);
                    return;
                }
                toast = texts.Get(context, "SubAuto." + status);
            }
            catch (SubscriptionNotFoundException)
            {
                toast = texts.Get(context, "StaleButton");
            }
        }

        var current = await subscriptions.CurrentAsync(user.Id, context.Ct);
        if (current is null)
        {
            await screens.ShowAsync(context, SubscriptionScreen.None(texts, context), toast);
            return;
        }
        var plan = current.PlanId is { } planId ? await plans.FindAsync(planId, context.Ct) : null;
        var server = await keys.ServerOfAsync(current, context.Ct);
        activity.Record(user.Id, ActivityActions.SubscriptionViewed, null);
        await screens.ShowAsync(context, SubscriptionScreen.Build(texts, context, current, plan, server, time.GetUtcNow()), toast);
    }

    private async Task<Screen?> ConsentScreenAsync(UpdateContext context, long subscriptionId)
    {
        var subscription = await subscriptions.CurrentAsync(context.RequireUser().Id, context.Ct);
        if (subscription?.Id != subscriptionId || subscription.PlanId is not { } planId) return null;
        return await AutoRenewalConsentHandler.ScreenForAsync(texts, context, plans, payments, options.Value, planId, 0, ClientCallbacks.Subscription);
    }
}
