using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpnBot.Core.Data;
using VpnBot.Core.Users;

namespace VpnBot.Core.Subscriptions;

/// <summary>
/// Invites customers back after their subscription lapsed (by default the day it ended, 3 and 7 days later:
/// Subscriptions:WinBackDays), each stage at most once per lapse. Paying starts a new period (the subscription is
/// active again, with a new expiry), which ends the win-back by itself. The same claim-send-mark as
/// <see cref="ExpiryReminders"/>: a lease taken with one conditional UPDATE, the message, then the mark, so
/// overlapping runs never send a stage twice and a run killed between claim and send leaves a lease the next
/// run takes over once it is older than <see cref="ExpiryReminders.ClaimLease"/>: late, not lost.
/// A stage's window ends where the next one begins (the last one after as many days as the gap before it), so
/// a job that was down sends only the stage that is due now, and a lapse from long ago gets nothing.
/// </summary>
public sealed class WinBackMessages(
    AppDbContext db, ICustomerNotifier notifier, IWinBackOffer offer, TimeProvider time, IOptions<SubscriptionOptions> options, ILogger<WinBackMessages> log)
{
    /// <summary>Sends up to <paramref name="batch"/> due win-back messages; call until it returns 0.</summary>
    public async Task<int> SendDueAsync(int batch, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var stage in Stages(now))
        {
            if (sent >= batch) break;
            sent += await SendAsync(stage, await DueIn(stage, now, after: null).Take(batch - sent).ToListAsync(ct), now, ct);
        }
        if (sent > 0) log.LogInformation("Sent {Count} win-back messages", sent);
        return sent;
    }

    /// <summary>
    /// One pass over everything due now, <paramref name="batch"/> rows per query, each stage read forward from where the
    /// previous batch ended (by expiry and id): what the job runs. A long backlog costs one index range scan per stage,
    /// not one rescan of the already-handled rows per batch.
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
        if (sent > 0) log.LogInformation("Sent {Count} win-back messages", sent);
        return sent;
    }

    /// <summary>Stage `Days` covers lapses in (From, Until] = (now - days - window, now - days].</summary>
    private sealed record Stage(int Days, bool Last, DateTimeOffset From, DateTimeOffset Until);

    private IEnumerable<Stage> Stages(DateTimeOffset now)
    {
        var stages = options.Value.WinBackStages();
        for (var i = 0; i < stages.Count; i++)
        {
            var days = stages[i];
            var last = i == stages.Count - 1;
            var windowDays = last ? Math.Max(1, days - (i > 0 ? stages[i - 1] : 0)) : stages[i + 1] - days;
            var until = now.AddDays(-days);
            yield return new Stage(days, last, until.AddDays(-windowDays), until);
        }
    }

    private IQueryable<Due> DueIn(Stage stage, DateTimeOffset now, Due? after)
    {
        var (days, from, until) = (stage.Days, stage.From, stage.Until);
        var staleClaim = now - ExpiryReminders.ClaimLease;
        var query = db.Subscriptions.AsNoTracking()
            .Where(s => s.Status == SubscriptionStatus.Expired && s.ExpiresAt > from && s.ExpiresAt <= until);
        if (after is not null)
        {
            var (afterAt, afterId) = (after.ExpiresAt, after.SubscriptionId);
            query = query.Where(s => s.ExpiresAt > afterAt || (s.ExpiresAt == afterAt && s.Id > afterId));
        }
        return query
            .Where(s => (s.WinBackForExpiry == null || s.WinBackForExpiry != s.ExpiresAt || s.WinBackDaysAfter < days)
                && (s.WinBackClaimedAt == null || s.WinBackClaimedAt <= staleClaim)
                && !s.User!.IsBanned
                && !db.Subscriptions.Any(o => o.UserId == s.UserId && o.Id != s.Id && o.ExpiresAt > now
                    && (o.Status == SubscriptionStatus.Active || o.Status == SubscriptionStatus.Suspended)))
            .OrderBy(s => s.ExpiresAt).ThenBy(s => s.Id)
            .Select(s => new Due(s.Id, s.UserId, s.ExpiresAt!.Value, s.PlanId));
    }

    private async Task<int> SendAsync(Stage stage, IReadOnlyList<Due> due, DateTimeOffset now, CancellationToken ct)
    {
        var sent = 0;
        foreach (var lapse in due)
            if (await ClaimAsync(lapse, stage.Days, now, ct))
            {
                await NotifyAsync(lapse, stage.Days, stage.Last, ct);
                await MarkSentAsync(lapse, stage.Days, now);
                sent++;
            }
        return sent;
    }

    /// <summary>Takes the stage unless another live run holds it, it was sent meanwhile, or a payment started a new period.</summary>
    private async Task<bool> ClaimAsync(Due lapse, int days, DateTimeOffset now, CancellationToken ct)
    {
        var staleClaim = now - ExpiryReminders.ClaimLease;
        return await db.Subscriptions
            .Where(s => s.Id == lapse.SubscriptionId && s.Status == SubscriptionStatus.Expired && s.ExpiresAt == lapse.ExpiresAt
                && (s.WinBackForExpiry == null || s.WinBackForExpiry != s.ExpiresAt || s.WinBackDaysAfter < days)
                && (s.WinBackClaimedAt == null || s.WinBackClaimedAt <= staleClaim))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.WinBackClaimedAt, now), ct) == 1;
    }

    /// <summary>Records the stage as sent and lets go of the lease.</summary>
    private async Task MarkSentAsync(Due lapse, int days, DateTimeOffset claimedAt) =>
        await db.Subscriptions
            .Where(s => s.Id == lapse.SubscriptionId && s.WinBackClaimedAt == claimedAt)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.WinBackForExpiry, lapse.ExpiresAt)
                .SetProperty(s => s.WinBackDaysAfter, days)
                .SetProperty(s => s.WinBackClaimedAt, (DateTimeOffset?)null), CancellationToken.None);

    private async Task NotifyAsync(Due lapse, int days, bool last, CancellationToken ct)
    {
        try
        {
            var code = last ? await offer.CodeForAsync(new WinBackLapse(lapse.UserId, lapse.SubscriptionId, lapse.ExpiresAt), ct) : null;
            var key = code is not null ? NoticeKeys.WinBackOffer : days == 0 ? NoticeKeys.WinBackToday : NoticeKeys.WinBack;
            await notifier.NoticeAsync(lapse.UserId, key, [lapse.SubscriptionId, days, lapse.PlanId ?? 0L, code ?? ""], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not send the win-back message to user {UserId} about subscription {SubscriptionId}", lapse.UserId, lapse.SubscriptionId);
        }
    }

    private sealed record Due(long SubscriptionId, long UserId, DateTimeOffset ExpiresAt, long? PlanId);
}
