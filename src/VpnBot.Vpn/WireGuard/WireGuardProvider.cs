using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using VpnBot.Core;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Qr;
using VpnBot.Vpn.Ssh;

namespace VpnBot.Vpn.WireGuard;

/// <summary>
/// WireGuard (and AmneziaWG) peers managed with `wg`/`awg` over SSH.
/// <para>
/// Idempotency: the first thing <see cref="CreateAsync"/> does is reserve an address for the request's
/// ExternalName (an <see cref="IpAllocation"/> row holding the freshly made, encrypted keys). A retry after
/// any failure, even a crash after the server was changed, finds that row and re-applies the very same peer
/// (`wg set` is idempotent), so there is never a second address or a second peer for one name.
/// Revoking removes the peer and then deletes the row, which frees the address for reuse.
/// </para>
/// <para>
/// Enable/disable add and remove the peer while the keys and address stay reserved, so a re-enabled client's
/// old .conf works again. WireGuard has no expiry or traffic limits of its own: the bot enforces those by disabling.
/// </para>
/// </summary>
public sealed partial class WireGuardProvider(
    SecretProtector protector, SshRunner ssh, IpAddressAllocator allocator, TimeProvider time, ILogger<WireGuardProvider> logger) : IVpnProvider
{
    public const string ProviderKey = "wireguard";

    public string Key => ProviderKey;

    public async Task<ProvisionedConfig> CreateAsync(Server server, ProvisionRequest request, CancellationToken ct)
    {
        var wg = WireGuardServer.From(server, protector);
        var name = ValidName(request.ExternalName);
        var reservation = await allocator.ReserveAsync(server.Id, wg.Subnet, name,
            address => WireGuardConfigData.CreateNew(address, server.Id, name, protector).ToJson(), ct);
        var data = WireGuardConfigData.Parse(reservation.KeyData);
        if (!wg.Subnet.IsClientAddress(data.Address))
            throw new VpnBackendException(VpnBackendError.Misconfigured,
                $"{name} holds {data.Address}, which is outside the server's subnet {wg.Subnet}; revoke it before changing the subnet.");
        await AddPeerAsync(wg, data, server.Id, name, ct);
        logger.LogInformation("WireGuard peer {PublicKey} for {ExternalName} at {Address} on server {ServerId}",
            data.PublicKey, name, data.Address, server.Id);
        // Serialized afresh: PostgreSQL's jsonb hands the stored text back reformatted.
        return new ProvisionedConfig(data.ToJson(), Describe(wg, data), QrCodeData: null, SubscriptionUrl: null);
    }

    public async Task DeleteAsync(Server server, VpnConfig config, CancellationToken ct)
    {
        var wg = WireGuardServer.From(server, protector);
        var data = WireGuardConfigData.Parse(config.ConfigData);
        await RemovePeerAsync(wg, data, ct);
        // Only after the server forgot the peer may another client get the address.
        await allocator.ReleaseAsync(server.Id, config.ExternalName, ct);
        logger.LogInformation("WireGuard peer {PublicKey} for {ExternalName} removed from server {ServerId}; {Address} released",
            data.PublicKey, config.ExternalName, server.Id, data.Address);
    }

    public async Task SetEnabledAsync(Server server, VpnConfig config, bool enabled, CancellationToken ct)
    {
        var wg = WireGuardServer.From(server, protector);
        var data = WireGuardConfigData.Parse(config.ConfigData);
        if (enabled) await AddPeerAsync(wg, data, server.Id, config.ExternalName, ct);
        else await RemovePeerAsync(wg, data, ct);
    }

    public Task UpdateLimitsAsync(Server server, VpnConfig config, ClientLimits limits, CancellationToken ct) =>
        SetEnabledAsync(server, config, limits.Enabled, ct);

    public async Task<ClientUsage?> GetUsageAsync(Server server, VpnConfig config, CancellationToken ct)
    {
        var wg = WireGuardServer.From(server, protector);
        var data = WireGuardConfigData.Parse(config.ConfigData);
        var commands = new WireGuardCommands(wg);
        return await ssh.ExecuteAsync(wg.Ssh, "wireguard usage", async shell =>
        {
            var transfer = await shell.RunAsync(commands.Transfer());
            var handshakes = await shell.RunAsync(commands.LatestHandshakes());
            return WireGuardUsage.Parse(transfer, handshakes, data.PublicKey, time.GetUtcNow());
        }, ct);
    }

    /// <summary>
    /// Nothing to reset: WireGuard enforces no traffic limit, and the kernel's per-peer counters can only be
    /// zeroed by removing the peer, which would cut the customer off.
    /// </summary>
    public Task ResetTrafficAsync(Server server, VpnConfig config, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Every peer from one SSH session and one `wg show` of each kind, instead of a session per peer.</summary>
    public async Task<IReadOnlyList<ClientUsage?>> GetUsagesAsync(Server server, IReadOnlyList<VpnConfig> configs, CancellationToken ct)
    {
        var wg = WireGuardServer.From(server, protector);
        var commands = new WireGuardCommands(wg);
        var (transfer, handshakes) = await ssh.ExecuteAsync(wg.Ssh, "wireguard usage", async shell =>
            (await shell.RunAsync(commands.Transfer()), await shell.RunAsync(commands.LatestHandshakes())), ct);
        var now = time.GetUtcNow();
        return [.. configs.Select(c => WireGuardUsage.Parse(transfer, handshakes, WireGuardConfigData.Parse(c.ConfigData).PublicKey, now))];
    }

    public CustomerConfig Render(Server server, VpnConfig config)
    {
        var wg = WireGuardServer.From(server, protector);
        var data = WireGuardConfigData.Parse(config.ConfigData);
        var text = WireGuardClientConfig.Render(wg, data,
            data.DecryptPrivateKey(protector, server.Id, config.ExternalName), data.DecryptPresharedKey(protector, server.Id, config.ExternalName));
        return new CustomerConfig(VpnProtocol.WireGuard, Link: null, WireGuardClientConfig.FileName(config.ExternalName),
            Encoding.UTF8.GetBytes(text), QrCode.Png(text), SubscriptionUrl: null);
    }

    private Task AddPeerAsync(WireGuardServer wg, WireGuardConfigData data, long serverId, string externalName, CancellationToken ct) =>
        ssh.ExecuteAsync(wg.Ssh, "wireguard add peer", shell => shell.RunAsync(new WireGuardCommands(wg).AddPeer(data.PublicKey, data.Address),
            data.DecryptPresharedKey(protector, serverId, externalName) + "\n"), ct);

    private Task RemovePeerAsync(WireGuardServer wg, WireGuardConfigData data, CancellationToken ct) =>
        ssh.ExecuteAsync(wg.Ssh, "wireguard remove peer", shell => shell.RunAsync(new WireGuardCommands(wg).RemovePeer(data.PublicKey)), ct);

    /// <summary>Stored as VpnConfig.ConnectionString: enough to recognise the peer, nothing secret (the .conf is rendered on demand).</summary>
    private static string Describe(WireGuardServer wg, WireGuardConfigData data) =>
        $"wireguard peer {data.PublicKey} address {data.Address}/32 endpoint {wg.Endpoint}";

    private static string ValidName(string name) => NamePattern().IsMatch(name) ? name
        : throw new VpnBackendException(VpnBackendError.Rejected, "A client name must be 1–64 characters of letters, digits, '_', '-', '.' or '@'.");

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,64}$")]
    private static partial Regex NamePattern();
}
