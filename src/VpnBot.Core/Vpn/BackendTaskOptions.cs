namespace VpnBot.Core.Vpn;

/// <summary>Bound from <c>Vpn:BackendTasks</c>.</summary>
public sealed class BackendTaskOptions
{
    public const string Section = "Vpn:BackendTasks";

    /// <summary>Delay after the first failure; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts; a task failing for days keeps retrying at this pace.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a claimed task is hidden from other workers; a worker that crashed mid-task loses it after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>From this many failed attempts on, every further failure is logged as an error (alerting picks it up).</summary>
    public int AlertAfterAttempts { get; set; } = 8;
}
