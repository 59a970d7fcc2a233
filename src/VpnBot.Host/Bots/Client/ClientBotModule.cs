using VpnBot.Host.Bots.Client.Handlers;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.Routing;

namespace VpnBot.Host.Bots.Client;

/// <summary>The customer-facing bot: every command, button and conversation step it answers is listed here.</summary>
public sealed class ClientBotModule(BotTexts texts) : BotModule
{
    public override BotKind Bot => BotKind.Client;

    public override IReadOnlyList<Type> Middleware { get; } =
        [typeof(UserMiddleware), typeof(BanMiddleware), typeof(ThrottleMiddleware)];

    public override void MapRoutes(RouteTable routes) => routes
        .Command("/start", typeof(StartHandler))
        .Command("/help", typeof(HelpHandler))
        .Command("/menu", typeof(StartHandler))
        .StaleCallback(typeof(StaleButtonHandler))
        .Fallback(typeof(UnknownInputHandler));

    public override string ApologyText(UpdateContext context) => texts.Get(context, "Apology");
}
