using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpnBot.Core.Data;
using VpnBot.Core.Users;

namespace VpnBot.Core.Subscriptions;

/// <summary>
/// Owns the subscription lifecycle: trial, grant/extend, shorten, suspend, resume, expire, auto-renewal.
/// Every change and the backend task that mirrors it to the VPN server commit in one transaction;
/// the row lock on the subscription makes concurrent writers take turns instead of overwriting each other.
/// </summary>
public sealed partial class SubscriptionService(
    AppDbContext db,
    TimeProvider time,
    IOptions<SubscriptionOptions> options,
    BackendTaskSignal signal,
    ICustomerNotifier notifier,
    ILogger<SubscriptionService> log)
{
    /// <summary>The subscription the bot shows the user: the one with the latest expiry (null when none).</summary>
    public async Task<Subscription?> CurrentAsync(long userId, CancellationToken ct)
    {
        var id = await CurrentIdAsync(userId, ct);
        return id is null ? null : await db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == id, ct);
    }

    /// <summary>The free trial, once per Telegram account: the locked user row and <see cref="User.TrialUsed"/> make a second, concurrent request see "already used".</summary>
    public Task<TrialResult> StartTrialAsync(long userId, CancellationToken ct) => StartTrialAsync(userId, 0, ct);

    /// <param name="bonusDays">Added to the configured trial (an invited customer's bonus).</param>
    public async Task<TrialResult> StartTrialAsync(long userId, int bonusDays, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bonusDays);
        var trial = options.Value.Trial;
        if (!trial.Enabled || trial.Days <= 0) return new TrialResult(TrialStatus.Disabled, null, null);
        var result = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var user = await db.LockUserAsync(userId, t) ?? throw new SubscriptionNotFoundException($"User {userId} not found.");
            if (user.TrialRefusal() is { } refusal) return new TrialResult(refusal, null, null);
            var running = await db.Subscriptions.AnyAsync(s => s.UserId == userId && s.ExpiresAt > now
                && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.Suspended), t);
            if (running) return new TrialResult(TrialStatus.HasActiveSubscription, null, null);

            user.UseTrial(now);
            var subscription = new Subscription
            {
                UserId = userId,
                IsTrial = true,
                TrafficLimitGb = trial.TrafficLimitGb,
                DeviceLimit = trial.DeviceLimit,
                CreatedAt = now,
                TrafficPeriodStartedAt = now,
            };
            subscription.Extend(trial.Days + bonusDays, now);
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync(t);
            await BackendTaskQueue.EnqueueMirrorAsync(db, subscription, now, t, isNew: true);
            await db.SaveChangesAsync(t);
            return new TrialResult(TrialStatus.Started, subscription.Id, subscription.ExpiresAt);
        }, ct);
        if (result.Status == TrialStatus.Started)
        {
            log.LogInformation("Trial started for user {UserId}: subscription {SubscriptionId} until {ExpiresAt}", userId, result.SubscriptionId, result.ExpiresAt);
            signal.Pulse();
        }
        return result;
    }

    /// <summary>Admin gift: adds days to the user's current subscription (from its expiry while running) or creates one.</summary>
    public async Task<SubscriptionChange> GrantAsync(long userId, int days, long? planId, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var change = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var user = await db.LockUserAsync(userId, t) ?? throw new SubscriptionNotFoundException($"User {userId} not found.");
            var plan = planId is { } pid ? await db.Plans.SingleOrDefaultAsync(p => p.Id == pid, t) : null;
            var (subscription, mirror) = await ApplyPeriodAsync(user, plan, days, null, now, t);
            await db.SaveChangesAsync(t);
            return Describe(subscription, mirror);
        }, ct);
        return Pulsed(change);
    }

    public Task<SubscriptionChange> ExtendAsync(long subscriptionId, int days, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        return ChangeAsync(subscriptionId, (s, now) => s.Extend(days, now), ct);
    }

    /// <summary>Takes back days (refund); ends the subscription when nothing is left, which disables the config.</summary>
    public Task<SubscriptionChange> ShortenAsync(long subscriptionId, int days, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        return ChangeAsync(subscriptionId, (s, now) => s.Shorten(days, now), ct);
    }

    /// <summary>Disables without deleting (admin action, chargeback); the paid period keeps running.</summary>
    public Task<SubscriptionChange> SuspendAsync(long subscriptionId, string reason, CancellationToken ct)
    {
        log.LogInformation("Suspending subscription {SubscriptionId}: {Reason}", subscriptionId, reason);
        return ChangeAsync(subscriptionId, (s, now) => s.Suspend(now), ct);
    }

    public Task<SubscriptionChange> ResumeAsync(long subscriptionId, CancellationToken ct) =>
        ChangeAsync(subscriptionId, (s, now) => s.Resume(now), ct);

    /// <summary>
    /// Expires up to <paramref name="batch"/> lapsed subscriptions and queues disabling their configs;
    /// call until it returns 0. SKIP LOCKED lets it run beside payments without waiting on them.
    /// </summary>
    public async Task<int> ExpireDueAsync(int batch, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var expired = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var due = await db.Subscriptions.FromSql($"""
                SELECT *, xmin FROM subscriptions
                WHERE status = 'active' AND expires_at <= {now}
                ORDER BY expires_at LIMIT {batch}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(t);
            var done = new List<(long SubscriptionId, long UserId)>();
            foreach (var subscription in due)
            {
                if (!subscription.ExpireIfDue(now)) continue;
                await BackendTaskQueue.EnqueueMirrorAsync(db, subscription, now, t);
                done.Add((subscription.Id, subscription.UserId));
            }
            await db.SaveChangesAsync(t);
            return done;
        }, ct);
        if (expired.Count == 0) return 0;
        signal.Pulse();
        log.LogInformation("Expired {Count} subscriptions", expired.Count);
        foreach (var (subscriptionId, userId) in expired)
            await NotifySafelyAsync(userId, NoticeKeys.SubscriptionExpired, [subscriptionId], ct);
        return expired.Count;
    }

    /// <summary>
    /// Adds a paid or granted period inside the caller's transaction. The caller holds the user's row lock,
    /// so two payments of one user cannot both create a "first" subscription.
    /// </summary>
    internal async Task<(Subscription Subscription, MirrorQueued Mirror)> ApplyPeriodAsync(
        User lockedUser, SubscriptionPlan? plan, int days, long? subscriptionId, DateTimeOffset now, CancellationToken ct, long? serverId = null)
    {
        var targetId = subscriptionId ?? await CurrentIdAsync(lockedUser.Id, ct);
        var subscription = targetId is { } id ? await db.LockSubscriptionAsync(id, ct) : null;
        if (subscription is not null && subscription.UserId != lockedUser.Id)
            throw new InvalidOperationException($"Subscription {subscription.Id} does not belong to user {lockedUser.Id}.");
        var isNew = subscription is null;
        if (subscription is null)
        {
            subscription = new Subscription { UserId = lockedUser.Id, CreatedAt = now };
            db.Subscriptions.Add(subscription);
        }
        if (plan is not null)
        {
            subscription.PlanId = plan.Id;
            subscription.TrafficLimitGb = plan.TrafficLimitGb;
            subscription.DeviceLimit = plan.DeviceLimit;
        }
        // A chosen location applies to a subscription that has none yet; a renewal keeps its server and key.
        if (serverId is not null && subscription.ServerId is null) subscription.ServerId = serverId;
        subscription.IsTrial = false;
        subscription.Extend(days, now);
        subscription.TrafficPeriodStartedAt = now; // a paid period brings its whole traffic allowance
        subscription.TrafficUsedGb = 0;
        subscription.TrafficExhaustedAt = null;
        await db.SaveChangesAsync(ct);
        var mirror = await BackendTaskQueue.EnqueueMirrorAsync(db, subscription, now, ct, isNew);
        return (subscription, mirror);
    }

    /// <summary>Takes back a refunded period inside the caller's transaction.</summary>
    internal async Task<(Subscription Subscription, MirrorQueued Mirror)?> TakeBackPeriodAsync(long subscriptionId, int days, DateTimeOffset now, CancellationToken ct)
    {
        var subscription = await db.LockSubscriptionAsync(subscriptionId, ct);
        if (subscription is null) return null;
        subscription.Shorten(days, now);
        var mirror = await BackendTaskQueue.EnqueueMirrorAsync(db, subscription, now, ct);
        return (subscription, mirror);
    }

    private async Task<SubscriptionChange> ChangeAsync(long subscriptionId, Action<Subscription, DateTimeOffset> change, CancellationToken ct)
    {
        var result = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var subscription = await db.LockSubscriptionAsync(subscriptionId, t) ?? throw new SubscriptionNotFoundException(subscriptionId);
            change(subscription, now);
            var mirror = await BackendTaskQueue.EnqueueMirrorAsync(db, subscription, now, t);
            await db.SaveChangesAsync(t);
            return Describe(subscription, mirror);
        }, ct);
        return Pulsed(result);
    }

    private Task<long?> CurrentIdAsync(long userId, CancellationToken ct) =>
        db.Subscriptions.Where(s => s.UserId == userId)
            .OrderByDescending(s => s.ExpiresAt != null) // PostgreSQL sorts NULL first when descending
            .ThenByDescending(s => s.ExpiresAt)
            .ThenByDescending(s => s.Id)
            .Select(s => (long?)s.Id)
            .FirstOrDefaultAsync(ct);

    private SubscriptionChange Pulsed(SubscriptionChange change)
    {
        if (change.Mirror.Kind is not null) signal.Pulse();
        return change;
    }

    private static SubscriptionChange Describe(Subscription s, MirrorQueued mirror) => new(s.Id, s.Status, s.ExpiresAt, mirror);

    private async Task NotifySafelyAsync(long userId, string key, IReadOnlyList<object> args, CancellationToken ct)
    {
        try
        {
            await notifier.NoticeAsync(userId, key, args, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not tell user {UserId} about {Notice}", userId, key);
        }
    }
}
