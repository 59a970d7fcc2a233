using VpnBot.Core.Subscriptions;

namespace VpnBot.Host.Jobs;

/// <summary>Every 15 minutes: reminds customers whose access ends soon (Subscriptions:RemindDaysBefore).</summary>
public sealed class ExpiryRemindersJob(ExpiryReminders reminders)
{
    /// <summary>One pass in batches of 100 (small queries); the notifier paces the messages themselves.</summary>
    public Task RunAsync(CancellationToken ct) => reminders.RunPassAsync(100, ct);
}
