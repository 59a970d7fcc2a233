using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Subscriptions;

/// <param name="Kind">The task added, or null when the server has nothing to mirror.</param>
/// <param name="ConfigPending">True when the customer has no working config yet (one is being created).</param>
public sealed record MirrorQueued(BackendTaskKind? Kind, bool ConfigPending);

/// <summary>
/// Chooses the backend task a subscription change needs and adds it to the caller's transaction,
/// so the change and the order to mirror it commit together or not at all.
/// </summary>
internal static class BackendTaskQueue
{
    /// <param name="isNew">The subscription was created in this transaction: it has neither configs nor tasks yet.</param>
    public static async Task<MirrorQueued> EnqueueMirrorAsync(AppDbContext db, Subscription subscription, DateTimeOffset now, CancellationToken ct, bool isNew = false)
    {
        // One statement, one snapshot: the worker commits a config before it completes the provision
        // task, so the snapshot shows at least one of the two.
        var state = isNew
            ? new { ProvisionPending = false, HasConfig = false }
            : await db.Subscriptions.Where(s => s.Id == subscription.Id).Select(s => new
            {
                ProvisionPending = db.BackendTasks.Any(t => t.SubscriptionId == s.Id && t.Kind == BackendTaskKind.Provision && t.CompletedAt == null),
                HasConfig = db.VpnConfigs.Any(c => c.SubscriptionId == s.Id && c.IsActive),
            }).SingleAsync(ct);
        var (provisionPending, hasConfig) = (state.ProvisionPending, state.HasConfig);

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
