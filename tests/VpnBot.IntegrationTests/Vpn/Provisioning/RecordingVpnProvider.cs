using System.Collections.Concurrent;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;

namespace VpnBot.IntegrationTests.Vpn.Provisioning;

/// <summary>
/// Stands in for the WireGuard provider (built elsewhere) in provisioning tests, only to have a
/// second protocol to fall back to. The VLESS side of these tests always uses the real 3X-UI
/// provider against the fake panel.
/// </summary>
internal sealed class RecordingVpnProvider(string key, VpnProtocol protocol) : IVpnProvider
{
    public ConcurrentDictionary<string, ClientLimits> Clients { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> Enabled { get; } = new(StringComparer.Ordinal);

    public bool Down { get; set; }

    /// <summary>Runs inside CreateAsync, to make something happen while the backend works.</summary>
    public Func<ProvisionRequest, Task>? DuringCreate { get; set; }

    public string Key => key;

    public async Task<ProvisionedConfig> CreateAsync(Server server, ProvisionRequest request, CancellationToken ct)
    {
        ThrowIfDown();
        if (DuringCreate is { } hook) await hook(request);
        Clients[request.ExternalName] = new ClientLimits(request.ExpiresAt, request.TrafficLimitBytes, request.DeviceLimit, true);
        var text = $"[Interface]\n# {request.ExternalName}\n[Peer]\nEndpoint = {server.Host}:51820\n";
        return new ProvisionedConfig($"{{\"peer\":\"{request.ExternalName}\"}}", text, text, null);
    }

    public Task DeleteAsync(Server server, VpnConfig config, CancellationToken ct)
    {
        ThrowIfDown();
        Clients.TryRemove(config.ExternalName, out _);
        return Task.CompletedTask;
    }

    public Task SetEnabledAsync(Server server, VpnConfig config, bool enabled, CancellationToken ct)
    {
        ThrowIfDown();
        Enabled[config.ExternalName] = enabled;
        return Task.CompletedTask;
    }

    public Task UpdateLimitsAsync(Server server, VpnConfig config, ClientLimits limits, CancellationToken ct)
    {
        ThrowIfDown();
        Clients[config.ExternalName] = limits;
        return Task.CompletedTask;
    }

    /// <summary>What GetUsageAsync reports per client (by external name); a client not listed reports nothing.</summary>
    public ConcurrentDictionary<string, ClientUsage> Usage { get; } = new(StringComparer.Ordinal);

    /// <summary>What GetUsageAsync throws instead of answering (an error that is not a VpnBackendException), when set.</summary>
    public Func<Exception>? UsageFault { get; set; }

    public Task<ClientUsage?> GetUsageAsync(Server server, VpnConfig config, CancellationToken ct)
    {
        ThrowIfDown();
        if (UsageFault is { } fault) throw fault();
        return Task.FromResult(Usage.TryGetValue(config.ExternalName, out var usage) ? usage : null);
    }

    public ConcurrentQueue<string> TrafficResets { get; } = new();

    public Task ResetTrafficAsync(Server server, VpnConfig config, CancellationToken ct)
    {
        ThrowIfDown();
        TrafficResets.Enqueue(config.ExternalName);
        return Task.CompletedTask;
    }

    public CustomerConfig Render(Server server, VpnConfig config) =>
        new(protocol, null, "wg.conf", System.Text.Encoding.UTF8.GetBytes(config.ConnectionString ?? ""), null, null);

    private void ThrowIfDown()
    {
        if (Down) throw new VpnBackendException(VpnBackendError.Unreachable, $"{key} backend is unreachable (test).");
    }
}
