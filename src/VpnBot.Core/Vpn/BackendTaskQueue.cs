using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Vpn;

/// <param name="Kind">The task added, or null when the server has nothing to mirror.</param>
/// <param name="ConfigPending">True when the customer has no working config yet (one is being created).</param>
public sealed record MirrorQueued(BackendTaskKind? Kind, bool ConfigPending);

/// <summary>
/// Chooses the backend task a subscription change needs and adds it to the caller's transaction,
/// so the change and the order to mirror it commit together or not at all.
/// </summary>
internal static class BackendTaskQueue
{
    public static async Task<MirrorQueued> EnqueueMirrorAsync(AppDbContext db, Subscription subscription, DateTimeOffset now, CancellationToken ct)
    {
        // Check for a pending provision before looking for configs: the worker commits the config before
        // it completes the task, so one of the two reads always sees the provisioning.
        var provisionPending = await db.BackendTasks.AnyAsync(
            t => t.SubscriptionId == subscription.Id && t.Kind == BackendTaskKind.Provision && t.CompletedAt == null, ct);
        var hasConfig = !provisionPending && await db.VpnConfigs.AnyAsync(
            c => c.SubscriptionId == subscription.Id && c.IsActive, ct);

        BackendTaskKind? kind;
        if (provisionPending || hasConfig) kind = BackendTaskKind.Sync; // runs after the pending provision (per-subscription order)
        else if (subscription.IsActiveAt(now)) kind = BackendTaskKind.Provision;
        else kind = null;

        if (kind is { } k) Add(db, k, subscription.Id, null, now);
        return new MirrorQueued(kind, ConfigPending: !hasConfig && subscription.IsActiveAt(now));
    }

    public static void Add(AppDbContext db, BackendTaskKind kind, long subscriptionId, long? vpnConfigId, DateTimeOffset now) =>
        db.BackendTasks.Add(new BackendTask
        {
            Kind = kind,
            SubscriptionId = subscriptionId,
            VpnConfigId = vpnConfigId,
            NextAttemptAt = now,
            CreatedAt = now,
        });
}
