using VpnBot.Host.Bots.Support.Handlers;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.Routing;
using VpnBot.Host.Telegram.Texts;

namespace VpnBot.Host.Bots.Support;

/// <summary>
/// The staff side of support: tickets live as forum topics in the staff supergroup; what staff
/// write in a ticket's topic goes to the customer, and /close, /reopen, /assign work the ticket.
/// </summary>
public sealed class SupportBotModule(BotTexts texts) : BotModule
{
    /// <summary>The support bot's own texts, searched before the shared ones.</summary>
    public static BotTextResources Texts { get; } = new(BotKind.Support, ["Bots.Support.SupportTexts"]);

    public override BotKind Bot => BotKind.Support;

    public override IReadOnlyList<Type> Middleware { get; } = [typeof(UserMiddleware), typeof(BanMiddleware)];

    public override void MapRoutes(RouteTable routes) => routes
        .Command("/start", typeof(SupportStartHandler))
        .Command("/help", typeof(SupportStartHandler))
        .Command("/close", typeof(TicketCommandHandler))
        .Command("/reopen", typeof(TicketCommandHandler))
        .Command("/assign", typeof(TicketCommandHandler))
        .Fallback(typeof(StaffReplyHandler));

    public override string ApologyText(UpdateContext context) => texts.Get(context, "Apology");
}
