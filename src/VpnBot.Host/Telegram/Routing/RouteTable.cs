using Microsoft.Extensions.DependencyInjection;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Telegram.Routing;

/// <summary>
/// Where an update goes: by command, by callback-data prefix ("prefix:arg:arg"), by a
/// reply-keyboard text, by the conversation step the chat is in, else the fallback.
/// Handlers are created per update from its scope.
/// </summary>
public sealed class RouteTable
{
    private readonly Dictionary<string, ObjectFactory> _commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ObjectFactory> _callbacks = new(StringComparer.Ordinal);
    private readonly List<(string StepPrefix, ObjectFactory Factory)> _states = [];
    private readonly List<(Func<UpdateContext, string, bool> Match, ObjectFactory Factory)> _texts = [];
    private ObjectFactory? _fallback;
    private ObjectFactory? _staleCallback;
    private ObjectFactory? _preCheckout;
    private ObjectFactory? _successfulPayment;

    public RouteTable Command(string command, Type handler) => Add(_commands, command.StartsWith('/') ? command : "/" + command, handler);

    public RouteTable Callback(string prefix, Type handler) => Add(_callbacks, prefix, handler);

    /// <summary>Messages from a chat whose conversation step starts with <paramref name="stepPrefix"/>.</summary>
    public RouteTable State(string stepPrefix, Type handler)
    {
        _states.Add((stepPrefix, Factory(handler)));
        return this;
    }

    /// <summary>Plain text matched by a predicate (reply-keyboard buttons in either language).</summary>
    public RouteTable Text(Func<UpdateContext, string, bool> match, Type handler)
    {
        _texts.Add((match, Factory(handler)));
        return this;
    }

    public RouteTable Fallback(Type handler) { _fallback = Factory(handler); return this; }

    /// <summary>A button whose prefix no route knows (an old message, a removed feature).</summary>
    public RouteTable StaleCallback(Type handler) { _staleCallback = Factory(handler); return this; }

    public RouteTable PreCheckout(Type handler) { _preCheckout = Factory(handler); return this; }

    public RouteTable SuccessfulPayment(Type handler) { _successfulPayment = Factory(handler); return this; }

    public bool HasStateRoutes => _states.Count > 0;

    /// <summary>Whether buttons with this prefix reach a handler of their own (not the stale-button one).</summary>
    public bool HasCallbackRoute(string prefix) => _callbacks.ContainsKey(prefix);

    public async Task DispatchAsync(UpdateContext context)
    {
        var factory = await ResolveAsync(context);
        if (factory is null) return;
        var handler = (IUpdateHandler)factory(context.Services, null);
        await handler.HandleAsync(context);
    }

    internal async ValueTask<ObjectFactory?> ResolveAsync(UpdateContext context)
    {
        var update = context.Update;
        if (update.PreCheckoutQuery is not null) return _preCheckout;
        if (update.Message?.SuccessfulPayment is not null) return _successfulPayment;
        if (update.CallbackQuery is { } callback)
        {
            var data = callback.Data ?? "";
            var colon = data.IndexOf(':');
            var prefix = colon < 0 ? data : data[..colon];
            return _callbacks.TryGetValue(prefix, out var cb) ? cb : _staleCallback;
        }
        if (update.Message is not { } message) return _fallback;

        if (context.Command is { } command && _commands.TryGetValue(command, out var byCommand)) return byCommand;

        // Reply-keyboard buttons before conversation steps: the persistent menu is the way out of
        // any half-finished conversation, so "🌍 Servers" is never taken for a ticket subject.
        if (message.Text is { } text)
            foreach (var (match, f) in _texts)
                if (match(context, text)) return f;

        if (_states.Count > 0 && context.ChatId is { } chatId)
        {
            var store = context.Services.GetRequiredService<IConversationStore>();
            context.State ??= await store.GetAsync(context.Bot, chatId, context.Ct);
            if (context.State is { } state)
            {
                foreach (var (stepPrefix, f) in _states)
                    if (state.Step.StartsWith(stepPrefix, StringComparison.Ordinal)) return f;
            }
        }
        return _fallback;
    }

    private RouteTable Add(Dictionary<string, ObjectFactory> table, string key, Type handler)
    {
        table[key] = Factory(handler);
        return this;
    }

    private static ObjectFactory Factory(Type handler)
    {
        if (!typeof(IUpdateHandler).IsAssignableFrom(handler))
            throw new ArgumentException($"{handler.Name} is not an IUpdateHandler.", nameof(handler));
        return ActivatorUtilities.CreateFactory(handler, Type.EmptyTypes);
    }
}
