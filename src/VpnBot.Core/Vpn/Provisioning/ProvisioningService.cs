using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;

namespace VpnBot.Core.Vpn.Provisioning;

/// <summary>
/// Subscription → configs on VPN servers, through <see cref="IVpnProvider"/> only. Every step is
/// safe to repeat: the client's name on the server is derived from the subscription, server,
/// protocol and how many of its configs were revoked before, so a retry after a crash finds the client the lost
/// attempt created, and the unique index (server_id, external_name) stops a second row.
/// </summary>
public sealed class ProvisioningService(
    AppDbContext db, IVpnProviderFactory providers, TimeProvider time, ILogger<ProvisioningService> logger) : IProvisioningService
{
    private const int MaxSaveAttempts = 8;

    public Task<ProvisioningResult> ProvisionAsync(long subscriptionId, CancellationToken ct) => ProvisionAsync(subscriptionId, null, ct);

    public async Task SyncAsync(long subscriptionId, CancellationToken ct)
    {
        var subscription = await db.Subscriptions
            .Include(s => s.User)
            .Include(s => s.Configs.Where(c => c.IsActive)).ThenInclude(c => c.Server)
            .SingleOrDefaultAsync(s => s.Id == subscriptionId, ct)
            ?? throw new InvalidOperationException($"Subscription {subscriptionId} does not exist.");
        var now = time.GetUtcNow();
        // Expired, suspended, pending, out of traffic, and a banned customer all mean "off".
        var enabled = subscription.GrantsAccessAt(now) && subscription.User is not { IsBanned: true };
        var limits = new ClientLimits(subscription.ExpiresAt ?? now, TrafficLimitBytes(subscription), subscription.DeviceLimit, enabled);
        VpnBackendException? failure = null;
        foreach (var config in subscription.Configs)
        {
            try
            {
                var provider = providers.Get(config.Server!, config.Protocol);
                // A new paid period: the counter the panel's limit is checked against starts again from zero.
                if (subscription.TrafficPeriodStartedAt is { } period && (config.TrafficResetFor ?? config.CreatedAt) < period)
                {
                    await provider.ResetTrafficAsync(config.Server!, config, ct);
                    config.TrafficResetFor = period;
                }
                await provider.UpdateLimitsAsync(config.Server!, config, limits, ct);
                // Also explicit, for backends whose limits update leaves the on/off switch alone.
                await provider.SetEnabledAsync(config.Server!, config, enabled, ct);
                config.UpdatedAt = now;
            }
            catch (VpnBackendException e)
            {
                logger.LogWarning("Sync of config {ConfigId} on server {Server} failed: {Reason}", config.Id, config.Server!.Name, e.Message);
                failure ??= e; // the others still get their update; the caller retries the lot
            }
        }
        await db.SaveChangesAsync(ct);
        if (failure is not null) throw failure;
    }

    public async Task RevokeAsync(long vpnConfigId, CancellationToken ct)
    {
        var config = await db.VpnConfigs.Include(c => c.Server).SingleOrDefaultAsync(c => c.Id == vpnConfigId, ct)
            ?? throw new InvalidOperationException($"VPN config {vpnConfigId} does not exist.");
        if (!config.IsActive) return;
        var server = config.Server!;
        await providers.Get(server, config.Protocol).DeleteAsync(server, config, ct);
        var now = time.GetUtcNow();
        // Conditional, so of two concurrent revokes only one records it.
        await db.VpnConfigs.Where(c => c.Id == config.Id && c.IsActive).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.IsActive, false).SetProperty(c => c.RevokedAt, now).SetProperty(c => c.UpdatedAt, now), ct);
        await ServerLoad.RecountAsync(db, server.Id, ct);
        await db.Entry(config).ReloadAsync(ct);
        await db.Entry(server).ReloadAsync(ct); // the freed slot counts when a reissue provisions on this server next
        logger.LogInformation("Revoked config {ConfigId} ({Protocol}) on server {Server}", config.Id, config.Protocol, server.Name);
    }

    public async Task<ProvisioningResult> ReissueAsync(long vpnConfigId, VpnProtocol? protocol, long? serverId, CancellationToken ct)
    {
        var config = await db.VpnConfigs.Include(c => c.Subscription).SingleOrDefaultAsync(c => c.Id == vpnConfigId, ct)
            ?? throw new InvalidOperationException($"VPN config {vpnConfigId} does not exist.");
        var subscription = config.Subscription!;
        // Check the target before touching anything: bad input changes nothing.
        if (serverId is { } id && await db.Servers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is not { TakesNewUsers: true })
            throw new InvalidOperationException($"Server {id} does not exist or takes no new users.");

        await RevokeAsync(config.Id, ct);
        if (serverId is { } target && subscription.ServerId != target)
        {
            subscription.ServerId = target;
            subscription.UpdatedAt = time.GetUtcNow();
            await OptimisticSave.SaveAsync(db, entity =>
            {
                if (entity is Subscription s) s.ServerId = target;
            }, ct);
        }
        return await ProvisionAsync(subscription.Id, protocol ?? config.Protocol, ct);
    }

    private async Task<ProvisioningResult> ProvisionAsync(long subscriptionId, VpnProtocol? requested, CancellationToken ct)
    {
        // All configs, revoked ones too: they number the client names of reissues (see ExternalName).
        var subscription = await db.Subscriptions
            .Include(s => s.User).Include(s => s.Server).Include(s => s.Configs)
            .SingleOrDefaultAsync(s => s.Id == subscriptionId, ct)
            ?? throw new InvalidOperationException($"Subscription {subscriptionId} does not exist.");
        if (subscription.Configs.FirstOrDefault(c => c.IsActive) is { } existing) return new ProvisioningResult(existing, null, null);
        if (!subscription.IsActiveAt(time.GetUtcNow()))
            throw new InvalidOperationException($"Subscription {subscriptionId} is {subscription.Status} until {subscription.ExpiresAt:u}; only active subscriptions get a config.");
        var server = await ServerForAsync(subscription, ct);
        var order = ProtocolSelector.Order(subscription.User!, server, requested);
        if (order.Count == 0)
            throw new VpnBackendException(VpnBackendError.NotSupported, $"Server {server.Name} offers no protocol that can be provisioned.");

        VpnBackendException? preferredFailure = null;
        foreach (var protocol in order)
        {
            try
            {
                var provider = providers.Get(server, protocol);
                var name = ExternalName(subscription, server, protocol);
                var created = await provider.CreateAsync(server, Request(subscription, server, name), ct);
                var config = await SaveAsync(subscription, server, protocol, name, created, ct);
                if (subscription.TrafficExhaustedAt is not null) await HoldExhaustedAsync(provider, server, config, ct);
                if (protocol == order[0]) return new ProvisioningResult(config, null, null);
                logger.LogWarning("Subscription {SubscriptionId} got {Protocol} instead of {Preferred}: {Reason}",
                    subscription.Id, protocol, order[0], preferredFailure?.Message);
                return new ProvisioningResult(config, order[0], preferredFailure?.Message);
            }
            catch (VpnBackendException e) when (e.IsTransient || e.Error == VpnBackendError.NotSupported)
            {
                // The backend is down or absent: the next protocol may still serve the customer now.
                logger.LogWarning("Provisioning {Protocol} on server {Server} failed: {Reason}", protocol, server.Name, e.Message);
                preferredFailure ??= e;
            }
        }
        throw preferredFailure!;
    }

    /// <summary>
    /// The subscription's own server while it takes new users; otherwise (none yet, or switched off or
    /// filled since it was chosen, perhaps by a forged button) the least loaded one that does.
    /// </summary>
    private async Task<Server> ServerForAsync(Subscription subscription, CancellationToken ct)
    {
        if (subscription.Server is { TakesNewUsers: true } own) return own;
        if (subscription.Server is { } closed)
            logger.LogWarning("Server {Server} takes no new users (enabled: {Enabled}, {Current}/{Max} users); placing subscription {SubscriptionId} elsewhere",
                closed.Name, closed.IsEnabled, closed.CurrentUsers, closed.MaxUsers, subscription.Id);
        return await ServerPicker.LeastLoadedAsync(db, ct)
            ?? throw new VpnBackendException(VpnBackendError.NotSupported, "No enabled server has room for another user.");
    }

    /// <summary>A key re-issued while the period's traffic is used up waits for the renewal like the old one did.</summary>
    private async Task HoldExhaustedAsync(IVpnProvider provider, Server server, VpnConfig config, CancellationToken ct)
    {
        try
        {
            await provider.SetEnabledAsync(server, config, false, ct);
        }
        catch (VpnBackendException e)
        {
            logger.LogWarning("Config {ConfigId} of an out-of-traffic subscription could not be switched off yet: {Reason}", config.Id, e.Message);
        }
    }

    private async Task<VpnConfig> SaveAsync(Subscription subscription, Server server, VpnProtocol protocol, string name,
        ProvisionedConfig created, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var config = new VpnConfig
        {
            SubscriptionId = subscription.Id, ServerId = server.Id, Protocol = protocol, ExternalName = name,
            ConfigData = created.ConfigData, ConnectionString = created.ConnectionString, QrCodeData = created.QrCodeData,
            SubscriptionUrl = created.SubscriptionUrl, IsActive = true, CreatedAt = now, UpdatedAt = now,
        };
        db.VpnConfigs.Add(config);
        void Apply(Subscription s)
        {
            s.ServerId = server.Id;
            s.ActiveProtocol = protocol;
            s.UpdatedAt = now;
        }
        Apply(subscription);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxSaveAttempts)
            {
                // A payment extended the subscription meanwhile: keep its changes, add ours.
                await db.Entry(subscription).ReloadAsync(ct);
                Apply(subscription);
            }
            catch (DbUpdateException e) when (IsUniqueViolation(e))
            {
                // A concurrent call stored this very client first; its row is the answer.
                db.Entry(config).State = EntityState.Detached;
                await db.Entry(subscription).ReloadAsync(ct);
                return await db.VpnConfigs.SingleAsync(c => c.ServerId == server.Id && c.ExternalName == name && c.IsActive, ct);
            }
        }
        await ServerLoad.RecountAsync(db, server.Id, ct);
        logger.LogInformation("Provisioned {Protocol} config {ConfigId} for subscription {SubscriptionId} on server {Server}",
            protocol, config.Id, subscription.Id, server.Name);
        return config;
    }

    private static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// tg{telegramId}_s{subscriptionId}_{protocol}, then _r1, _r2... after each revoked config of the same triple (reissues).
    /// Only revoked rows count, so two concurrent attempts agree on the name and the unique index keeps one.
    /// </summary>
    private static string ExternalName(Subscription subscription, Server server, VpnProtocol protocol)
    {
        var earlier = subscription.Configs.Count(c => c.ServerId == server.Id && c.Protocol == protocol && !c.IsActive);
        var name = $"tg{subscription.User!.TelegramId}_s{subscription.Id}_{SnakeCaseEnum<VpnProtocol>.ToText(protocol)}";
        return earlier == 0 ? name : $"{name}_r{earlier}";
    }

    private static ProvisionRequest Request(Subscription subscription, Server server, string name) => new(
        name, subscription.User!.TelegramId, subscription.Id, subscription.ExpiresAt!.Value, TrafficLimitBytes(subscription),
        subscription.DeviceLimit, $"{server.Location}{(string.IsNullOrWhiteSpace(server.City) ? "" : " " + server.City)} #{subscription.Id}");

    /// <summary>Panels count GB as 1024³ bytes; none or zero means unlimited.</summary>
    private static long? TrafficLimitBytes(Subscription subscription) =>
        subscription.TrafficLimitGb is int gb and > 0 ? gb * (1L << 30) : null;
}
