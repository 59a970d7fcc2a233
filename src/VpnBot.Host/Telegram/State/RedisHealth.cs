namespace VpnBot.Host.Telegram.State;

/// <summary>
/// Shared view of whether Redis answers. After a failure the callers use their local fallback
/// for a few seconds instead of each waiting on a dead connection; then Redis is tried again.
/// </summary>
public sealed class RedisHealth(TimeProvider time)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private long _downUntilTicks;
    private long _lastLoggedTicks;

    public bool IsUp => time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _downUntilTicks);

    public void ReportDown(Exception e, ILogger log)
    {
        var now = time.GetUtcNow().UtcTicks;
        Interlocked.Exchange(ref _downUntilTicks, now + RetryAfter.Ticks);
        var last = Interlocked.Read(ref _lastLoggedTicks);
        if (now - last > TimeSpan.FromMinutes(1).Ticks && Interlocked.CompareExchange(ref _lastLoggedTicks, now, last) == last)
            log.LogWarning("Redis is unreachable ({Reason}); using local fallbacks for state and throttling", e.Message);
    }
}
