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
        var sent = 0;
        foreach (var stage in Stages(now))
        {
            sent += await SendAsync(stage, await DueIn(stage, now, after: null).Take(batch - sent).ToListAsync(ct), now, ct);
            if (sent >= batch) break;
        }
        if (sent > 0) log.LogInformation("Sent {Count} expiry reminders", sent);
        return sent;
    }

    /// <summary>
    /// One pass over everything due now, <paramref name="batch"/> rows per query, each stage read forward from where the
    /// previous batch ended (by expiry and id): what the job runs. A backlog costs one index range scan per stage, not a
    /// rescan of the rows already handled for every batch.
    /// </summary>
    public async Task<int> RunPassAsync(int batch, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var stage in Stages(now))
        {
            Due? after = null;
            while (true)
            {
                var due = await DueIn(stage, now, after).Take(batch).ToListAsync(ct);
                sent += await SendAsync(stage, due, now, ct);
                if (due.Count < batch) break;
                after = due[^1];
            }
        }
        if (sent > 0) log.LogInformation("Sent {Count} expiry reminders", sent);
        return sent;
    }

    /// <summary>Stage `Days` covers expiries in (From, Until]; nearer ones belong to a nearer stage.</summary>
    private sealed record Stage(int Days, DateTimeOffset From, DateTimeOffset Until);

    private IEnumerable<Stage> Stages(DateTimeOffset now)
    {
        var previous = 0;
        foreach (var days in options.Value.ReminderStages())
        {
            yield return new Stage(days, now.AddDays(previous), now.AddDays(days));
            previous = days;
        }
    }

    private IQueryable<Due> DueIn(Stage stage, DateTimeOffset now, Due? after)
    {
        var (days, from, until) = (stage.Days, stage.From, stage.Until);
        var span = TimeSpan.FromDays(days);
        var staleClaim = now - ClaimLease;
        var query = db.Subscriptions.AsNoTracking()
            .Where(s => s.Status == SubscriptionStatus.Active && s.ExpiresAt > from && s.ExpiresAt <= until);
        if (after is not null)
        {
            var (afterAt, afterId) = (after.ExpiresAt, after.SubscriptionId);
            query = query.Where(s => s.ExpiresAt > afterAt || (s.ExpiresAt == afterAt && s.Id > afterId));
        }
        return query
            .Where(s => s.StartedAt < s.ExpiresAt!.Value - span
                && (s.RemindedForExpiry == null || s.RemindedForExpiry != s.ExpiresAt || s.RemindedDaysBefore > days)
                && (s.ReminderClaimedAt == null || s.ReminderClaimedAt <= staleClaim))
            .OrderBy(s => s.ExpiresAt).ThenBy(s => s.Id)
            .Select(s => new Due(s.Id, s.UserId, s.ExpiresAt!.Value, s.AutoRenewal && s.User!.SavedPaymentMethodId != null));
    }

    private async Task<int> SendAsync(Stage stage, IReadOnlyList<Due> due, DateTimeOffset now, CancellationToken ct)
    {
        var sent = 0;
        foreach (var reminder in due)
            if (await ClaimAsync(reminder, stage.Days, now, ct))
            {
                await NotifyAsync(reminder, now, ct);
                await MarkSentAsync(reminder, stage.Days, now, ct);
                sent++;
            }
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
