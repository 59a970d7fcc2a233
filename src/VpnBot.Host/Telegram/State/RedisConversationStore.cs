using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Telegram.State;

/// <summary>
/// Conversation state in Redis under conv:{bot}:{chat} with a TTL. When Redis is unreachable the
/// bot keeps working from a local copy (lost on restart) and says so in the log.
/// </summary>
public sealed class RedisConversationStore(IConnectionMultiplexer redis, RedisHealth health, ILogger<RedisConversationStore> log) : IConversationStore
{
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(24);
    private static readonly ConcurrentDictionary<string, (ConversationState State, DateTimeOffset Expires)> Local = new();

    public async ValueTask<ConversationState?> GetAsync(BotKind bot, long chatId, CancellationToken ct)
    {
        var key = Key(bot, chatId);
        if (health.IsUp)
        {
            try
            {
                var value = await redis.GetDatabase().StringGetAsync(key);
                return value.IsNullOrEmpty ? null : Deserialize(value!);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                health.ReportDown(e, log);
            }
        }
        return Local.TryGetValue(key, out var entry) && entry.Expires > DateTimeOffset.UtcNow ? entry.State : null;
    }

    public async Task SetAsync(BotKind bot, long chatId, ConversationState state, CancellationToken ct)
    {
        var key = Key(bot, chatId);
        Local[key] = (state, DateTimeOffset.UtcNow + Ttl);
        if (!health.IsUp) return;
        try
        {
            await redis.GetDatabase().StringSetAsync(key, JsonSerializer.Serialize(new Stored(state.Step, state.Data)), Ttl);
            Local.TryRemove(key, out _);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            health.ReportDown(e, log);
        }
    }

    public async Task ClearAsync(BotKind bot, long chatId, CancellationToken ct)
    {
        var key = Key(bot, chatId);
        Local.TryRemove(key, out _);
        if (!health.IsUp) return;
        // Fire-and-forget: commands on the connection stay in order, so a later read sees the delete.
        try { await redis.GetDatabase().KeyDeleteAsync(key, CommandFlags.FireAndForget); }
        catch (Exception e) when (e is RedisException or TimeoutException) { health.ReportDown(e, log); }
    }

    private static string Key(BotKind bot, long chatId) => $"conv:{bot.Slug()}:{chatId}";

    private static ConversationState? Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json);
        return stored is null ? null : new ConversationState(stored.Step, stored.Data ?? new Dictionary<string, string>());
    }

    private sealed record Stored(string Step, IReadOnlyDictionary<string, string>? Data);
}
