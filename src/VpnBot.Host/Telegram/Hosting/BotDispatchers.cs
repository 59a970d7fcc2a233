using Microsoft.Extensions.Options;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram.Dispatch;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Telegram.Hosting;

/// <summary>One dispatcher per enabled bot, shared by the poller and the webhook endpoint.</summary>
public sealed class BotDispatchers(BotClients clients, UpdateProcessor processor, IOptions<TelegramOptions> options, ILogger<BotDispatchers> log)
    : IAsyncDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<BotKind, UpdateDispatcher> _dispatchers = new(BotKinds.All
        .Where(clients.IsEnabled)
        .ToDictionary(b => b, b => new UpdateDispatcher(options.Value.MaxConcurrency, (u, ct) => processor.ProcessAsync(b, u, ct),
            (u, e) => log.LogError(e, "Skipped update {UpdateId} of the {Bot} bot: it could not be handled", u.Id, b))));

    public bool TryGet(BotKind bot, out UpdateDispatcher dispatcher) => _dispatchers.TryGetValue(bot, out dispatcher!);

    /// <summary>
    /// Lets a bot's queued updates finish while the services they need are still alive (called when its
    /// receiver stops, before the container is disposed).
    /// </summary>
    public async Task DrainAsync(BotKind bot)
    {
        if (_dispatchers.TryRemove(bot, out var dispatcher)) await dispatcher.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bot in _dispatchers.Keys.ToList()) await DrainAsync(bot);
    }
}
