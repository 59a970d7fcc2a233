namespace VpnBot.Vpn.Panels;

/// <summary>Limits for every HTTP call to a VPN panel (configuration section "Vpn:Panels").</summary>
public sealed class PanelHttpOptions
{
    public const string Section = "Vpn:Panels";

    /// <summary>Upper bound for one panel operation including its retries.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for a single attempt; a hung panel is abandoned and retried within <see cref="Timeout"/>.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after the first attempt for transient failures (5xx, 408, 429, connection errors, attempt timeouts).</summary>
    public int RetryCount { get; set; } = 2;

    /// <summary>First retry delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
