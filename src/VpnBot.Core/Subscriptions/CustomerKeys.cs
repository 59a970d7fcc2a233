using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;
using VpnBot.Core.Servers;

namespace VpnBot.Core.Subscriptions;

/// <summary>What a customer sees of their own subscription and VPN keys ("My subscription", "My key"): only their own.</summary>
public sealed class CustomerKeys(AppDbContext db)
{
    /// <summary>The active keys of a subscription with their server, oldest first.</summary>
    public async Task<IReadOnlyList<VpnConfig>> ActiveAsync(long subscriptionId, CancellationToken ct) =>
        await db.VpnConfigs.AsNoTracking().Include(c => c.Server)
            .Where(c => c.SubscriptionId == subscriptionId && c.IsActive).OrderBy(c => c.Id).ToListAsync(ct);

    /// <summary>One active key with its server and subscription, only if it is the user's (button ids are user input).</summary>
    public Task<VpnConfig?> OwnAsync(long userId, long configId, CancellationToken ct) =>
        db.VpnConfigs.AsNoTracking().Include(c => c.Server).Include(c => c.Subscription)
            .SingleOrDefaultAsync(c => c.Id == configId && c.IsActive && c.Subscription!.UserId == userId, ct);

    /// <summary>The server a subscription is on, for showing where it is (null when it has none or it is gone).</summary>
    public Task<Server?> ServerOfAsync(Subscription subscription, CancellationToken ct) =>
        subscription.ServerId is { } serverId
            ? db.Servers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == serverId, ct)
            : Task.FromResult<Server?>(null);
}
