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
        var stages = options.Value.WinBackStages();
        var now = time.GetUtcNow();
        var staleClaim = now - ExpiryReminders.ClaimLease;
        var sent = 0;
        for (var i = 0; i < stages.Count && sent < batch; i++)
        {
            var days = stages[i];
            var last = i == stages.Count - 1;
            var windowDays = last ? Math.Max(1, days - (i > 0 ? stages[i - 1] : 0)) : stages[i + 1] - days;
            // Stage `days` covers lapses in (now - days - window, now - days].
            var until = now.AddDays(-days);
            var from = until.AddDays(-windowDays);
            var due = await db.Subscriptions.AsNoTracking()
                .Where(s => s.Status == SubscriptionStatus.Expired && s.ExpiresAt > from && s.ExpiresAt <= until
                    && (s.WinBackForExpiry == null || s.WinBackForExpiry != s.ExpiresAt || s.WinBackDaysAfter < days)
                    && (s.WinBackClaimedAt == null || s.WinBackClaimedAt <= staleClaim)
                    && !s.User!.IsBanned
                    && !db.Subscriptions.Any(o => o.UserId == s.UserId && o.Id != s.Id && o.ExpiresAt > now
                        && (o.Status == SubscriptionStatus.Active || o.Status == SubscriptionStatus.Suspended)))
                .OrderBy(s => s.ExpiresAt)
                .Take(batch - sent)
                .Select(s => new Due(s.Id, s.UserId, s.ExpiresAt!.Value, s.PlanId))
                .ToListAsync(ct);
            foreach (var lapse in due)
                if (await ClaimAsync(lapse, days, now, ct))
                {
                    await NotifyAsync(lapse, days, last, ct);
                    await MarkSentAsync(lapse, days, now);
                    sent++;
                }
        }
        if (sent > 0) log.LogInformation("Sent {Count} win-back messages", sent);
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
