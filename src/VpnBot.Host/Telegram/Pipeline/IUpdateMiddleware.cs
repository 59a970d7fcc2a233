namespace VpnBot.Host.Telegram.Pipeline;

public delegate Task UpdateDelegate(UpdateContext context);

/// <summary>A step before the handlers (user registration, ban check, throttling). Call next to continue.</summary>
public interface IUpdateMiddleware
{
    Task InvokeAsync(UpdateContext context, UpdateDelegate next);
}

/// <summary>Handles one routed update. Thin: parse, call one Core service, render.</summary>
public interface IUpdateHandler
{
    Task HandleAsync(UpdateContext context);
}
