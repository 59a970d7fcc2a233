using VpnBot.Core.Subscriptions;

namespace VpnBot.Host.Jobs;

/// <summary>Every 15 minutes: reminds customers whose access ends soon (Subscriptions:RemindDaysBefore).</summary>
public sealed class ExpiryRemindersJob(ExpiryReminders reminders)
{
    public async Task RunAsync(CancellationToken ct)
    {
        while (await reminders.SendDueAsync(100, ct) > 0)
        {
            // Batches keep each query small; the notifier paces the messages themselves.
        }
    }
}
