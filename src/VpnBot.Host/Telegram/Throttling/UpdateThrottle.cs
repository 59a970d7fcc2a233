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
                var db = redis.GetDatabase();
                count = await db.StringIncrementAsync(key);
                if (count == 1) _ = db.KeyExpireAsync(key, TimeSpan.FromSeconds(o.WindowSeconds * 2), flags: CommandFlags.FireAndForget);
                return Verdict(count, o.UpdatesPerWindow);
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
