namespace VpnBot.Core.Vpn;

/// <summary>Exponential backoff with jitter, capped: a backend that is down for hours is retried every few minutes, not hammered.</summary>
public static class BackendRetry
{
    /// <param name="attempts">Failed attempts so far (1 after the first failure).</param>
    /// <param name="random">A value in [0, 1); the delay lands between 80% and 100% of the exponential step so retries spread out.</param>
    public static TimeSpan Delay(int attempts, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        // 2^20 steps are far beyond any cap; clamping keeps the arithmetic finite.
        var exponent = Math.Min(attempts - 1, 20);
        var step = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(step * (1 - 0.2 * random));
    }
}
