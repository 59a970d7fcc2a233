using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Vpn;

/// <summary>
/// Turns a subscription into working configs on its server and keeps the server in step
/// with the subscription. All methods are idempotent: the background worker may call them
/// again after a crash or a failed attempt.
/// </summary>
public interface IProvisioningService
{
    /// <summary>Creates the subscription's config when it has no active one (choosing the protocol, falling back when a backend is down).</summary>
    Task<ProvisioningResult> ProvisionAsync(long subscriptionId, CancellationToken ct);

    /// <summary>Mirrors status, expiry and limits of the subscription to every active config (enable/disable/update).</summary>
    Task SyncAsync(long subscriptionId, CancellationToken ct);

    /// <summary>Removes a config from its server and marks it revoked.</summary>
    Task RevokeAsync(long vpnConfigId, CancellationToken ct);

    /// <summary>Revokes a config and creates a new one, optionally on another protocol or server.</summary>
    Task<ProvisioningResult> ReissueAsync(long vpnConfigId, VpnProtocol? protocol, long? serverId, CancellationToken ct);
}

/// <param name="Config">The active config.</param>
/// <param name="FallbackReason">Set when the preferred protocol's backend failed and another protocol was used.</param>
public sealed record ProvisioningResult(VpnConfig Config, VpnProtocol? FellBackFrom, string? FallbackReason);
