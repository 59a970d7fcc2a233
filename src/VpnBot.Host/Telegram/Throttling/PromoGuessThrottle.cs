using System.Collections.Concurrent;
using StackExchange.Redis;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Telegram.Throttling;

/// <summary>
/// Guessing promo codes is throttled per customer: after <see cref="Limit"/> wrong codes within <see cref="Window"/>
/// every entry is answered "try later" until the window (which starts at the first wrong code) ends. Counted in
/// Redis, so all host instances share it; an in-process count stands in while Redis is unreachable. Keyed by the
/// Telegram id (the customer's identity everywhere Redis is shared).
/// </summary>
public sealed class PromoGuessThrottle(IConnectionMultiplexer redis, RedisHealth health, TimeProvider time, ILogger<PromoGuessThrottle> log)
{
    public const int Limit = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private static readonly ConcurrentDictionary<long, (DateTimeOffset Since, int Count)> Local = new();

    private const string IncrementScript =
        "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return c";

    private static string Key(long telegramId) => "promo-miss:" + telegramId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True while the customer may not try another code.</summary>
    public async ValueTask<bool> IsBlockedAsync(long telegramId)
    {
        if (health.IsUp)
        {
            try
            {
                var value = await redis.GetDatabase().StringGetAsync(Key(telegramId));
                return value.TryParse(out long count) && count >= Limit;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                health.ReportDown(e, log);
            }
        }
        return Local.TryGetValue(telegramId, out var local) && local.Since + Window > time.GetUtcNow() && local.Count >= Limit;
    }

    /// <summary>Counts one wrong code.</summary>
    public async ValueTask RecordMissAsync(long telegramId)
    {
        if (health.IsUp)
        {
            try
            {
                await redis.GetDatabase().ScriptEvaluateAsync(IncrementScript, [Key(telegramId)], [(long)Window.TotalMilliseconds]);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                health.ReportDown(e, log);
            }
        }
        var now = time.GetUtcNow();
        Local.AddOrUpdate(telegramId, (now, 1), (_, c) => c.Since + Window > now ? (c.Since, c.Count + 1) : (now, 1));
    }
}
