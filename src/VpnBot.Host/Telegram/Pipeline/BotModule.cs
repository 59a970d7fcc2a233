using VpnBot.Host.Telegram.Routing;

namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>One bot's composition: its middleware (in order) and its routes.</summary>
public abstract class BotModule
{
    public abstract BotKind Bot { get; }

    /// <summary>Middleware types resolved from the update's scope, outermost first.</summary>
    public abstract IReadOnlyList<Type> Middleware { get; }

    public abstract void MapRoutes(RouteTable routes);

    /// <summary>The apology sent when a handler fails, in the context's culture.</summary>
    public abstract string ApologyText(UpdateContext context);
}
