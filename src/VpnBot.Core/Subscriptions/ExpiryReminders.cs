using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpnBot.Core.Data;
using VpnBot.Core.Users;

namespace VpnBot.Core.Subscriptions;

/// <summary>
/// Reminds customers before their access ends (by default 3 days and 1 day before), once per stage and
/// period. A reminder is claimed with one conditional UPDATE (a lease), sent, and then marked sent, so
/// overlapping runs or two hosts never remind twice, and a process killed between claim and send leaves
/// a lease that the next run takes over once it is older than <see cref="ClaimLease"/>: the reminder is
/// late, not lost. (Only a death in the instant between Telegram's answer and the mark could repeat one.)
/// A period that began inside a stage's window (a 1-day trial, a late purchase) skips that stage: the
/// customer has just been told the expiry.
/// </summary>
public sealed class ExpiryReminders(
    AppDbContext db, ICustomerNotifier notifier, TimeProvider time, IOptions<SubscriptionOptions> options, ILogger<ExpiryReminders> log)
{
    /// <summary>Longer than any send takes (the notifier paces itself), short enough that a lost run's reminder is only a little late.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    /// <summary>Sends up to <paramref name="batch"/> due reminders; call until it returns 0.</summary>
    public async Task<int> SendDueAsync(int batch, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var now = time.GetUtcNow();
        var staleClaim = now - ClaimLease;
        var sent = 0;
        var previous = 0;
        foreach (var days in options.Value.ReminderStages())
        {
            // Stage `days` covers expiries in (now + previous stage, now + days]; nearer ones belong to a nearer stage.
            var from = now.AddDays(previous);
            var until = now.AddDays(days);
            var span = TimeSpan.FromDays(days);
            var due = await db.Subscriptions.AsNoTracking()
                .Where(s => s.Status == SubscriptionStatus.Active && s.ExpiresAt > from && s.ExpiresAt <= until
                    && s.StartedAt < s.ExpiresAt!.Value - span
                    && (s.RemindedForExpiry == null || s.RemindedForExpiry != s.ExpiresAt || s.RemindedDaysBefore > days)
                    && (s.ReminderClaimedAt == null || s.ReminderClaimedAt <= staleClaim))
                .OrderBy(s => s.ExpiresAt)
                .Take(batch - sent)
                .Select(s => new Due(s.Id, s.UserId, s.ExpiresAt!.Value, s.AutoRenewal && s.User!.SavedPaymentMethodId != null))
                .ToListAsync(ct);
            foreach (var reminder in due)
                if (await ClaimAsync(reminder, days, now, ct))
                {
                    await NotifyAsync(reminder, now, ct);
                    await MarkSentAsync(reminder, days, now, ct);
                    sent++;
                }
            if (sent >= batch) break;
            previous = days;
        }
        if (sent > 0) log.LogInformation("Sent {Count} expiry reminders", sent);
        return sent;
    }

    /// <summary>
    /// Takes the reminder unless another live run holds it, or it was sent meanwhile, or a payment moved the
    /// expiry. Only the lease is written: the stage counts as reminded once the message has gone.
    /// </summary>
    private async Task<bool> ClaimAsync(Due reminder, int days, DateTimeOffset now, CancellationToken ct)
    {
        var staleClaim = now - ClaimLease;
        return await db.Subscriptions
            .Where(s => s.Id == reminder.SubscriptionId && s.ExpiresAt == reminder.ExpiresAt
                && (s.RemindedForExpiry == null || s.RemindedForExpiry != s.ExpiresAt || s.RemindedDaysBefore > days)
                && (s.ReminderClaimedAt == null || s.ReminderClaimedAt <= staleClaim))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ReminderClaimedAt, now), ct) == 1;
    }

    /// <summary>Records the stage as reminded and lets go of the lease (whatever happened to the expiry since).</summary>
    private async Task MarkSentAsync(Due reminder, int days, DateTimeOffset claimedAt, CancellationToken ct) =>
        await db.Subscriptions
            .Where(s => s.Id == reminder.SubscriptionId && s.ReminderClaimedAt == claimedAt)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.RemindedForExpiry, reminder.ExpiresAt)
                .SetProperty(s => s.RemindedDaysBefore, days)
                .SetProperty(s => s.ReminderClaimedAt, (DateTimeOffset?)null), CancellationToken.None);

    private async Task NotifyAsync(Due reminder, DateTimeOffset now, CancellationToken ct)
    {
        var key = reminder.RenewsAutomatically ? NoticeKeys.SubscriptionRenewsSoon : NoticeKeys.SubscriptionExpiresSoon;
        // Whole days, rounded up: 30 hours left reads "2 days", not "1 day".
        var daysLeft = (int)Math.Ceiling((reminder.ExpiresAt - now).TotalDays);
        try
        {
            await notifier.NoticeAsync(reminder.UserId, key, [reminder.SubscriptionId, reminder.ExpiresAt.UtcDateTime, daysLeft], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not remind user {UserId} about subscription {SubscriptionId}", reminder.UserId, reminder.SubscriptionId);
        }
    }

    private sealed record Due(long SubscriptionId, long UserId, DateTimeOffset ExpiresAt, bool RenewsAutomatically);
}
