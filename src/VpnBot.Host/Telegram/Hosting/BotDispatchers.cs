using Microsoft.Extensions.Options;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram.Dispatch;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Telegram.Hosting;

/// <summary>One dispatcher per enabled bot, shared by the poller and the webhook endpoint.</summary>
public sealed class BotDispatchers(BotClients clients, UpdateProcessor processor, IOptions<TelegramOptions> options) : IAsyncDisposable
{
    private readonly Dictionary<BotKind, UpdateDispatcher> _dispatchers = BotKinds.All
        .Where(clients.IsEnabled)
        .ToDictionary(b => b, b => new UpdateDispatcher(options.Value.MaxConcurrency, (u, ct) => processor.ProcessAsync(b, u, ct)));

    public bool TryGet(BotKind bot, out UpdateDispatcher dispatcher) => _dispatchers.TryGetValue(bot, out dispatcher!);

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _dispatchers.Values) await d.DisposeAsync();
    }
}
