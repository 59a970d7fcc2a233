using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Telegram.Throttling;

public enum ThrottleVerdict { Allowed, DeniedFirstTime, Denied }

/// <summary>
/// Fixed-window counter per bot and user in Redis (one INCR per update). The first update
/// over the limit in a window is told so once; the rest are dropped silently. Falls back to
/// an in-process counter while Redis is unreachable.
/// </summary>
public sealed class UpdateThrottle(
    IConnectionMultiplexer redis, RedisHealth health, IOptions<ThrottleOptions> options, TimeProvider time, ILogger<UpdateThrottle> log)
{
    private static readonly ConcurrentDictionary<string, int> Local = new();
    private static long _localWindow;

    private const string IncrementScript =
        "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return c";

    public async ValueTask<ThrottleVerdict> CheckAsync(BotKind bot, long userId)
    {
        var o = options.Value;
        var window = time.GetUtcNow().ToUnixTimeSeconds() / o.WindowSeconds;
        var key = $"thr:{bot.Slug()}:{userId}:{window}";
        long count;
        if (health.IsUp)
        {
            try
            {
                // INCR and EXPIRE in one round trip.
                var result = await redis.GetDatabase().ScriptEvaluateAsync(IncrementScript, [key], [o.WindowSeconds * 2]);
                return Verdict((long)result, o.UpdatesPerWindow);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                health.ReportDown(e, log);
            }
        }
        if (Interlocked.Exchange(ref _localWindow, window) != window) Local.Clear();
        count = Local.AddOrUpdate(key, 1, (_, c) => c + 1);
        return Verdict(count, o.UpdatesPerWindow);
    }

    private static ThrottleVerdict Verdict(long count, int limit) =>
        count <= limit ? ThrottleVerdict.Allowed : count == limit + 1 ? ThrottleVerdict.DeniedFirstTime : ThrottleVerdict.Denied;
}
