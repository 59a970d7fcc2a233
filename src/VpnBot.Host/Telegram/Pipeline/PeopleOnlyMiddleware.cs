namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>
/// For a bot that serves only people in private chats: an update without a registered sender (sent by a bot,
/// or by nobody) has no one to answer and no account to act on, so it ends here instead of reaching a handler
/// that needs the customer. Runs after <see cref="UserMiddleware"/>.
/// </summary>
public sealed class PeopleOnlyMiddleware(ILogger<PeopleOnlyMiddleware> log) : IUpdateMiddleware
{
    public Task InvokeAsync(UpdateContext context, UpdateDelegate next)
    {
        if (context.User is not null) return next(context);
        log.LogDebug("Update {UpdateId} of the {Bot} bot has no person as sender; ignored", context.Update.Id, context.Bot);
        return Task.CompletedTask;
    }
}
