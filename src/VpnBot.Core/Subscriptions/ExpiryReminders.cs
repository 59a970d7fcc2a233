using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpnBot.Core.Data;
using VpnBot.Core.Users;

namespace VpnBot.Core.Subscriptions;

/// <summary>
/// Reminds customers before their access ends (by default 3 days and 1 day before), once per stage and
/// period. Each reminder is claimed with one conditional UPDATE before it is sent, so overlapping runs
/// or two hosts never remind twice; a crash between claim and send loses that one reminder, which is
/// the better failure for a courtesy message. A period that began inside a stage's window (a 1-day
/// trial, a late purchase) skips that stage: the customer has just been told the expiry.
/// </summary>
public sealed class ExpiryReminders(
    AppDbContext db, ICustomerNotifier notifier, TimeProvider time, IOptions<SubscriptionOptions> options, ILogger<ExpiryReminders> log)
{
    /// <summary>Sends up to <paramref name="batch"/> due reminders; call until it returns 0.</summary>
    public async Task<int> SendDueAsync(int batch, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var now = time.GetUtcNow();
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
                    && (s.RemindedForExpiry == null || s.RemindedForExpiry != s.ExpiresAt || s.RemindedDaysBefore > days))
                .OrderBy(s => s.ExpiresAt)
                .Take(batch - sent)
                .Select(s => new Due(s.Id, s.UserId, s.ExpiresAt!.Value, s.AutoRenewal && s.User!.SavedPaymentMethodId != null))
                .ToListAsync(ct);
            foreach (var reminder in due)
                if (await ClaimAsync(reminder, days, ct))
                {
                    await NotifyAsync(reminder, now, ct);
                    sent++;
                }
            if (sent >= batch) break;
            previous = days;
        }
        if (sent > 0) log.LogInformation("Sent {Count} expiry reminders", sent);
        return sent;
    }

    /// <summary>Marks the stage as reminded unless another run did so first (or a payment moved the expiry meanwhile).</summary>
    private async Task<bool> ClaimAsync(Due reminder, int days, CancellationToken ct) =>
        await db.Subscriptions
            .Where(s => s.Id == reminder.SubscriptionId && s.ExpiresAt == reminder.ExpiresAt
                && (s.RemindedForExpiry == null || s.RemindedForExpiry != s.ExpiresAt || s.RemindedDaysBefore > days))
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.RemindedForExpiry, reminder.ExpiresAt)
                .SetProperty(s => s.RemindedDaysBefore, days), ct) == 1;

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
