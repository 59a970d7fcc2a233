using VpnBot.Host.Bots.Admin.Handlers;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.Routing;

namespace VpnBot.Host.Bots.Admin;

/// <summary>The operators' bot. Only admins get past its middleware.</summary>
public sealed class AdminBotModule(BotTexts texts) : BotModule
{
    public override BotKind Bot => BotKind.Admin;

    public override IReadOnlyList<Type> Middleware { get; } = [typeof(UserMiddleware), typeof(AdminOnlyMiddleware)];

    public override void MapRoutes(RouteTable routes) => routes
        .Command("/start", typeof(DashboardHandler))
        .Command("/stats", typeof(DashboardHandler))
        .Callback("dash", typeof(DashboardHandler));

    public override string ApologyText(UpdateContext context) => texts.Get(context, "Apology");
}
