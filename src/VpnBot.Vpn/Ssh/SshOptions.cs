namespace VpnBot.Vpn.Ssh;

/// <summary>Bounds for every SSH operation: a dead server costs at most Attempts × (connect + command) time.</summary>
public sealed class SshOptions
{
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries for transient failures (unreachable, timeout), the first one included.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>Delay before the second try; doubles for each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
