using VpnBot.Host.Bots.Client.Account;
using VpnBot.Host.Bots.Client.Gifts;
using VpnBot.Host.Bots.Client.Home;
using VpnBot.Host.Bots.Client.Instructions;
using VpnBot.Host.Bots.Client.Profile;
using VpnBot.Host.Bots.Client.Purchase;
using VpnBot.Host.Bots.Client.Referrals;
using VpnBot.Host.Bots.Client.Servers;
using VpnBot.Host.Bots.Client.Support;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.Routing;
using VpnBot.Host.Telegram.Texts;

namespace VpnBot.Host.Bots.Client;

/// <summary>The customer-facing bot: every command, button and conversation step it answers is listed here.</summary>
public sealed class ClientBotModule(BotTexts texts) : BotModule
{
    /// <summary>The client bot's own texts, searched in this order before the shared ones.</summary>
    public static BotTextResources Texts { get; } = new(BotKind.Client, ["Bots.Client.ClientTexts", "Bots.Client.Delivery.DeliveryTexts",
        "Bots.Client.Referrals.ReferralTexts", "Bots.Client.Gifts.GiftTexts"]);

    public override BotKind Bot => BotKind.Client;

    public override IReadOnlyList<Type> Middleware { get; } =
        [typeof(UserMiddleware), typeof(PeopleOnlyMiddleware), typeof(BanMiddleware), typeof(ThrottleMiddleware)];

    public override void MapRoutes(RouteTable routes) => routes
        .Command("/start", typeof(StartHandler))
        .Command("/help", typeof(HelpHandler))
        .Command("/menu", typeof(StartHandler))
        .Command("/support", typeof(SupportHandler))
        .Command("/invite", typeof(InviteHandler))
        .Text(Menu("MenuBuy"), typeof(BuyHandler))
        .Text(Menu("MenuSubscription"), typeof(SubscriptionHandler))
        .Text(Menu("MenuConfig"), typeof(ConfigHandler))
        .Text(Menu("MenuServers"), typeof(ServersHandler))
        .Text(Menu("MenuInstructions"), typeof(InstructionsHandler))
        .Text(Menu("MenuSupport"), typeof(SupportHandler))
        .Text(Menu("MenuProfile"), typeof(ProfileHandler))
        .Callback(ClientCallbacks.Home, typeof(HomeHandler))
        .Callback(ClientCallbacks.Buy, typeof(BuyHandler))
        .Callback(ClientCallbacks.Trial, typeof(TrialHandler))
        .Callback(ClientCallbacks.AutoRenewalConsent, typeof(AutoRenewalConsentHandler))
        .Callback(ClientCallbacks.Promo, typeof(PromoCodeHandler))
        .Callback(ClientCallbacks.Subscription, typeof(SubscriptionHandler))
        .Callback(ClientCallbacks.Config, typeof(ConfigHandler))
        .Callback(ClientCallbacks.FeedLink, typeof(FeedLinkHandler))
        .PreCheckout(typeof(PreCheckoutHandler))
        .SuccessfulPayment(typeof(SuccessfulPaymentHandler))
        .Callback(ClientCallbacks.Servers, typeof(ServersHandler))
        .Callback(ClientCallbacks.Instructions, typeof(InstructionsHandler))
        .Callback(ClientCallbacks.Support, typeof(SupportHandler))
        .Callback(ClientCallbacks.SupportClose, typeof(SupportCloseHandler))
        .Callback(ClientCallbacks.SupportCancel, typeof(SupportCancelHandler))
        .Callback(ClientCallbacks.Profile, typeof(ProfileHandler))
        .Callback(ClientCallbacks.Language, typeof(LanguageHandler))
        .Callback(ClientCallbacks.Protocol, typeof(ProtocolPreferenceHandler))
        .Callback(ClientCallbacks.Payments, typeof(PaymentHistoryHandler))
        .Callback(ClientCallbacks.Invite, typeof(InviteHandler))
        .Callback(ClientCallbacks.Gift, typeof(GiftHandler))
        .State("support.", typeof(SupportStepHandler))
        .State(PromoCodeHandler.Step, typeof(PromoCodeHandler))
        .StaleCallback(typeof(StaleButtonHandler))
        .Fallback(typeof(UnknownInputHandler));

    public override string ApologyText(UpdateContext context) => texts.Get(context, "Apology");

    /// <summary>A reply-keyboard button, pressed in either language.</summary>
    private Func<UpdateContext, string, bool> Menu(string key) => (_, text) => texts.Matches(BotKind.Client, key, text);
}
