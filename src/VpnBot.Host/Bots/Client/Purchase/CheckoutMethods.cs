using VpnBot.Core.Payments;
using VpnBot.Core.Promotions;
using VpnBot.Core.Subscriptions;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>The payment-method step of checkout, with the customer's remembered promo code applied to its prices.</summary>
public sealed class CheckoutMethods(BotTexts texts, PaymentService payments, PromoCodes promoCodes)
{
    public async Task<Screen> ScreenAsync(UpdateContext context, SubscriptionPlan plan, long serverId) =>
        PurchaseScreens.Methods(texts, context, plan, serverId, payments.OptionsFor(plan), await QuoteAsync(context, plan));

    public Task<PromoQuote?> QuoteAsync(UpdateContext context, SubscriptionPlan plan) =>
        promoCodes.QuoteAsync(context.RequireUser().Id, plan, payments.OptionsFor(plan), context.Ct);
}
