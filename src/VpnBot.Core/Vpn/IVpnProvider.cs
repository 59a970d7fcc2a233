using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Vpn;

/// <summary>
/// One VPN backend (a panel type or a protocol driven over SSH). Every call is bounded by
/// a timeout, retried for transient faults, and idempotent: <see cref="CreateAsync"/> first looks
/// the client up by <see cref="ProvisionRequest.ExternalName"/>, so a retry never leaves two clients.
/// Failures surface as <see cref="VpnBackendException"/>.
/// </summary>
public interface IVpnProvider
{
    /// <summary>Registration key for the factory, e.g. "vless:3xui", "vless:marzban", "wireguard", "openvpn".</summary>
    string Key { get; }

    Task<ProvisionedConfig> CreateAsync(Server server, ProvisionRequest request, CancellationToken ct);

    Task DeleteAsync(Server server, VpnConfig config, CancellationToken ct);

    Task SetEnabledAsync(Server server, VpnConfig config, bool enabled, CancellationToken ct);

    Task UpdateLimitsAsync(Server server, VpnConfig config, ClientLimits limits, CancellationToken ct);

    Task<ClientUsage?> GetUsageAsync(Server server, VpnConfig config, CancellationToken ct);

    /// <summary>
    /// The usage of many clients of one server, in the order given. Backends that can read them all at once
    /// (a WireGuard interface, an OpenVPN status file) override this; the rest ask client by client.
    /// </summary>
    async Task<IReadOnlyList<ClientUsage?>> GetUsagesAsync(Server server, IReadOnlyList<VpnConfig> configs, CancellationToken ct)
    {
        var usages = new List<ClientUsage?>(configs.Count);
        foreach (var config in configs) usages.Add(await GetUsageAsync(server, config, ct));
        return usages;
    }

    /// <summary>
    /// Sets the client's traffic counter back to zero for a new paid period, where the backend keeps one
    /// (the panels: their traffic limit counts against it). Backends without a persistent counter do nothing.
    /// </summary>
    Task ResetTrafficAsync(Server server, VpnConfig config, CancellationToken ct);

    /// <summary>What the customer receives, rendered from the stored config (never regenerated).</summary>
    CustomerConfig Render(Server server, VpnConfig config);
}

public sealed record ProvisionRequest(
    string ExternalName,
    long TelegramId,
    long SubscriptionId,
    DateTimeOffset ExpiresAt,
    long? TrafficLimitBytes,
    int DeviceLimit,
    string Remark);

public sealed record ClientLimits(DateTimeOffset ExpiresAt, long? TrafficLimitBytes, int DeviceLimit, bool Enabled);

public sealed record ClientUsage(long UploadBytes, long DownloadBytes, DateTimeOffset? LastSeen, bool Online);

/// <summary>What a provider stores after creating a client: opaque state plus what the customer imports.</summary>
public sealed record ProvisionedConfig(
    string ConfigData,
    string ConnectionString,
    string? QrCodeData,
    string? SubscriptionUrl);

/// <summary>
/// A config as delivered: a link shown as copyable text, or a file; a QR code where the data fits.
/// </summary>
public sealed record CustomerConfig(
    VpnProtocol Protocol,
    string? Link,
    string? FileName,
    byte[]? FileContent,
    byte[]? QrPng,
    string? SubscriptionUrl);
