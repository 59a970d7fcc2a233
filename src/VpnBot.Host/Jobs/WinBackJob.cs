using VpnBot.Core.Subscriptions;

namespace VpnBot.Host.Jobs;

/// <summary>Every 15 minutes: invites back customers whose subscription lapsed (Subscriptions:WinBackDays).</summary>
public sealed class WinBackJob(WinBackMessages messages)
{
    public async Task RunAsync(CancellationToken ct)
    {
        while (await messages.SendDueAsync(100, ct) > 0)
        {
            // Batches keep each query small; the notifier paces the messages themselves.
        }
    }
}
