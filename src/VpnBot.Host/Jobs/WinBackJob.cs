using VpnBot.Core.Subscriptions;

namespace VpnBot.Host.Jobs;

/// <summary>Every 15 minutes: invites back customers whose subscription lapsed (Subscriptions:WinBackDays).</summary>
public sealed class WinBackJob(WinBackMessages messages)
{
    /// <summary>One pass in batches of 100 (small queries); the notifier paces the messages themselves.</summary>
    public Task RunAsync(CancellationToken ct) => messages.RunPassAsync(100, ct);
}
