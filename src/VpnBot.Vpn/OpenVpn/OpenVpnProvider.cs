using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using VpnBot.Core;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>
/// OpenVPN with this service as the certificate authority. A config is a client certificate signed by the
/// server's CA; access is taken away through the CRL the server checks (`crl-verify`), pushed over SSH:
/// disable puts the certificate on hold, enable lifts the hold, delete revokes it for good.
/// <para>
/// Idempotency: creating touches no server, so a retried create simply issues a fresh certificate; one from a
/// failed attempt was never stored or delivered, and its private key is gone with that attempt.
/// </para>
/// </summary>
public sealed partial class OpenVpnProvider(
    SecretProtector protector, CrlPublisher crl, SshRunner ssh, TimeProvider time, ILogger<OpenVpnProvider> logger) : IVpnProvider
{
    public const string ProviderKey = "openvpn";

    public string Key => ProviderKey;

    public Task<ProvisionedConfig> CreateAsync(Server server, ProvisionRequest request, CancellationToken ct)
    {
        var ovpn = OpenVpnServer.From(server, protector);
        var name = ValidName(request.ExternalName);
        var now = time.GetUtcNow();
        IssuedCertificate issued;
        using (var ca = ovpn.LoadCa())
            issued = OpenVpnCertificateAuthority.IssueClient(ca, name, now, request.ExpiresAt + ovpn.CertificateMargin);
        var data = OpenVpnConfigData.From(issued, name, server.Id, protector);
        logger.LogInformation("OpenVPN client certificate {Serial} for {ExternalName} on server {ServerId}, valid until {NotAfter:u}",
            issued.SerialNumber, name, server.Id, issued.NotAfter);
        return Task.FromResult(new ProvisionedConfig(data.ToJson(),
            $"openvpn certificate {issued.SerialNumber} cn {name} remote {ovpn.Remote} {ovpn.Port}/{ovpn.Proto}", QrCodeData: null, SubscriptionUrl: null));
    }

    public Task DeleteAsync(Server server, VpnConfig config, CancellationToken ct) =>
        ChangeAsync(server, config, RevocationChange.Revoke, ct);

    public Task SetEnabledAsync(Server server, VpnConfig config, bool enabled, CancellationToken ct) =>
        ChangeAsync(server, config, enabled ? RevocationChange.Release : RevocationChange.Hold, ct);

    public Task UpdateLimitsAsync(Server server, VpnConfig config, ClientLimits limits, CancellationToken ct) =>
        SetEnabledAsync(server, config, limits.Enabled, ct);

    /// <summary>OpenVPN keeps no per-client counters we can read over SSH without its management interface: unknown.</summary>
    /// <summary>
    /// From the server's status file (`status` directive): a client listed there is online, with the bytes of its
    /// current session. Without a configured statusPath the usage is unknown (null).
    /// </summary>
    public async Task<ClientUsage?> GetUsageAsync(Server server, VpnConfig config, CancellationToken ct)
    {
        var ovpn = OpenVpnServer.From(server, protector);
        if (ovpn.StatusPath is not { } path) return null;
        var commonName = OpenVpnConfigData.Parse(config.ConfigData).CommonName;
        var status = await ssh.ExecuteAsync(ovpn.Ssh, "read the OpenVPN status", shell => shell.RunAsync("cat -- " + ShellQuote.Quote(path)), ct);
        return OpenVpnStatus.UsageOf(status, commonName, time.GetUtcNow());
    }

    /// <summary>Every client from one read of the status file.</summary>
    public async Task<IReadOnlyList<ClientUsage?>> GetUsagesAsync(Server server, IReadOnlyList<VpnConfig> configs, CancellationToken ct)
    {
        var ovpn = OpenVpnServer.From(server, protector);
        if (ovpn.StatusPath is not { } path) return [.. configs.Select(_ => (ClientUsage?)null)];
        var status = await ssh.ExecuteAsync(ovpn.Ssh, "read the OpenVPN status", shell => shell.RunAsync("cat -- " + ShellQuote.Quote(path)), ct);
        var now = time.GetUtcNow();
        return [.. configs.Select(c => OpenVpnStatus.UsageOf(status, OpenVpnConfigData.Parse(c.ConfigData).CommonName, now))];
    }

    public CustomerConfig Render(Server server, VpnConfig config)
    {
        var ovpn = OpenVpnServer.From(server, protector);
        var data = OpenVpnConfigData.Parse(config.ConfigData);
        var profile = OpenVpnProfile.Render(ovpn, data, data.DecryptPrivateKey(protector, server.Id, config.ExternalName));
        // No QR: the profile is several kilobytes (see OpenVpnProfile).
        return new CustomerConfig(VpnProtocol.OpenVpn, Link: null, OpenVpnProfile.FileName(config.ExternalName),
            Encoding.UTF8.GetBytes(profile), QrPng: null, SubscriptionUrl: null);
    }

    /// <summary>Nothing to reset: OpenVPN counts bytes per connection (the status file), not per period.</summary>
    public Task ResetTrafficAsync(Server server, VpnConfig config, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Rebuilds and pushes the server's CRL as it stands (first install, or after the file was lost).</summary>
    public Task<string> PublishCrlAsync(Server server, CancellationToken ct) =>
        crl.PublishAsync(server.Id, OpenVpnServer.From(server, protector), RevocationChange.None, null, null, ct);

    private async Task ChangeAsync(Server server, VpnConfig config, RevocationChange change, CancellationToken ct)
    {
        var ovpn = OpenVpnServer.From(server, protector);
        var data = OpenVpnConfigData.Parse(config.ConfigData);
        await crl.PublishAsync(server.Id, ovpn, change, data.SerialNumber, config.ExternalName, ct);
        logger.LogInformation("OpenVPN certificate {Serial} of {ExternalName} on server {ServerId}: {Change}; CRL pushed",
            data.SerialNumber, config.ExternalName, server.Id, change);
    }

    private static string ValidName(string name) => NamePattern().IsMatch(name) ? name
        : throw new VpnBackendException(VpnBackendError.Rejected, "A client name must be 1–64 characters of letters, digits, '_', '-', '.' or '@'.");

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,64}$")]
    private static partial Regex NamePattern();
}
