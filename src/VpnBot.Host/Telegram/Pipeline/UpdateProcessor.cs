using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using VpnBot.Host.Telegram.Routing;

namespace VpnBot.Host.Telegram.Pipeline;

/// <summary>
/// Handles one update: a fresh DI scope, a logging scope with the bot and update id, the bot's
/// middleware, then the routed handler. A failure is logged, the user gets a short apology,
/// and the caller's loop carries on.
/// </summary>
public sealed class UpdateProcessor
{
    private readonly IServiceScopeFactory _scopes;
    private readonly BotClients _clients;
    private readonly ILogger<UpdateProcessor> _log;
    private readonly Dictionary<BotKind, (BotModule Module, RouteTable Routes)> _bots = [];

    public UpdateProcessor(IServiceScopeFactory scopes, BotClients clients, IEnumerable<BotModule> modules, ILogger<UpdateProcessor> log)
    {
        _scopes = scopes;
        _clients = clients;
        _log = log;
        foreach (var module in modules)
        {
            var routes = new RouteTable();
            module.MapRoutes(routes);
            _bots[module.Bot] = (module, routes);
        }
    }

    public async Task ProcessAsync(BotKind bot, Update update, CancellationToken ct)
    {
        if (!_bots.TryGetValue(bot, out var entry) || !_clients.TryGet(bot, out var client)) return;
        AsyncServiceScope scope;
        try
        {
            scope = _scopes.CreateAsyncScope();
        }
        catch (ObjectDisposedException)
        {
            _log.LogInformation("Update {UpdateId} of the {Bot} bot abandoned: the host is shutting down", update.Id, bot.ToString());
            return;
        }
        await using var _ = scope;
        using var logScope = _log.BeginScope(new Dictionary<string, object> { ["Bot"] = bot, ["UpdateId"] = update.Id });
        var context = new UpdateContext(bot, client, update, scope.ServiceProvider, ct);
        scope.ServiceProvider.GetRequiredService<UpdateContextAccessor>().Context = context;
        try
        {
            await RunPipelineAsync(context, entry.Module, entry.Routes, 0);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _log.LogInformation("Update {UpdateId} abandoned at shutdown", update.Id);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 403 && context.From is { } from)
        {
            // The user blocked the bot: remember it (broadcasts skip them); an apology could not arrive anyway.
            _log.LogInformation("User {TelegramId} blocked the {Bot} bot", from.Id, bot);
            await scope.ServiceProvider.GetRequiredService<Core.Users.UserRegistry>().MarkInactiveAsync(from.Id, CancellationToken.None);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Handler failed for update {UpdateId} of the {Bot} bot", update.Id, bot);
            await ApologizeAsync(context, entry.Module);
        }
    }

    private static Task RunPipelineAsync(UpdateContext context, BotModule module, RouteTable routes, int index)
    {
        if (index < module.Middleware.Count)
        {
            var middleware = (IUpdateMiddleware)context.Services.GetRequiredService(module.Middleware[index]);
            return middleware.InvokeAsync(context, c => RunPipelineAsync(c, module, routes, index + 1));
        }
        return routes.DispatchAsync(context);
    }

    private async Task ApologizeAsync(UpdateContext context, BotModule module)
    {
        try
        {
            CultureInfo.CurrentUICulture = context.Culture;
            if (context.Callback is { } callback && !context.CallbackAnswered)
                await context.Client.AnswerCallbackQuery(callback.Id, cancellationToken: CancellationToken.None);
            if (context.ChatId is { } chatId)
                await context.Client.SendMessage(chatId, module.ApologyText(context), cancellationToken: CancellationToken.None);
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            _log.LogWarning("Could not send the apology for update {UpdateId}: {Reason}", context.Update.Id, e.Message);
        }
    }
}

/// <summary>Gives scoped services (notifier, state) the update being handled.</summary>
public sealed class UpdateContextAccessor
{
    public UpdateContext? Context { get; set; }
}
