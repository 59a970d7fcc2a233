using System.Text;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.RealVpn;
using VpnBot.Vpn.OpenVpn;

namespace VpnBot.IntegrationTests.Vpn.OpenVpn;

/// <summary>
/// The full OpenVPN proof: a real `openvpn --server` on a tun device in namespace A, the delivered .ovpn
/// run unchanged by `openvpn --config` in namespace B, a ping through the tunnel; after the provider revokes the
/// certificate and pushes the CRL over SSH, the same running server refuses that client and the ping fails.
/// </summary>
public sealed class OpenVpnServerInNamespacesTests : IAsyncLifetime
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(10);
    private TestDatabase _db = null!;
    private OpenVpnServerLab _lab = null!;
    private SshVpnTestHost _host = null!;
    private Server _server = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _lab = await OpenVpnServerLab.StartAsync();
        _host = new SshVpnTestHost(_db.ConnectionString);
        _server = _lab.CreateServer(Setup, _host.Protector, 31);
        await Provider.PublishCrlAsync(_server, default);
        await _lab.StartServerAsync(_server, Setup, _host.Protector);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _lab.DisposeAsync();
        await _db.DisposeAsync();
    }

    private OpenVpnSetup Setup => _host.Get<OpenVpnSetup>();

    private OpenVpnProvider Provider => (OpenVpnProvider)_host.GetKeyed<IVpnProvider>("openvpn");

    private async Task<VpnConfig> CreateAsync(string name, long id)
    {
        var created = await Provider.CreateAsync(_server, new ProvisionRequest(name, 1, 1, DateTimeOffset.UtcNow.AddDays(30), null, 1, "lab"), default);
        return new VpnConfig { Id = id, ServerId = _server.Id, Protocol = VpnProtocol.OpenVpn, ExternalName = name, ConfigData = created.ConfigData, ConnectionString = created.ConnectionString };
    }

    private string Profile(VpnConfig config) => Encoding.UTF8.GetString(Provider.Render(_server, config).FileContent!);

    private string Logs(BackgroundProcess client) => client.Output + "\n--- server ---\n" + _lab.ServerLog;

    [Fact]
    public async Task Delivered_profile_tunnels_to_a_real_server_until_revoked()
    {
        var config = await CreateAsync("tg_901_1", 1);
        var profile = Profile(config);
        Assert.Contains($"remote {OpenVpnServerLab.ServerVeth} {OpenVpnServerLab.Port}\n", profile, StringComparison.Ordinal);

        var (client, connected) = await _lab.ConnectClientAsync(profile, Connect);
        await using (client)
        {
            Assert.True(connected, "the delivered profile did not connect:\n" + Logs(client));
            Assert.True(await _lab.ClientNs.PingAsync(OpenVpnServerLab.ServerTunnelAddress, 10), "no ping through the tunnel:\n" + Logs(client));
        }

        var neighbour = await CreateAsync("tg_902_1", 2);
        var before = _lab.ServerLog.Length;
        await Provider.DeleteAsync(_server, config, default);
        Assert.Contains(OpenVpnConfigData.Parse(config.ConfigData).SerialNumber,
            await Exec.CheckAsync("openssl", "crl", "-in", _lab.CrlPath, "-noout", "-text"), StringComparison.Ordinal);

        // Reconnecting with the same delivered file: the running server re-reads the pushed CRL and refuses it.
        var (revoked, revokedConnected) = await _lab.ConnectClientAsync(profile, Refused);
        await using (revoked)
        {
            Assert.False(revokedConnected, "a revoked certificate connected:\n" + Logs(revoked));
            Assert.Contains("certificate revoked", _lab.ServerLog[before..], StringComparison.Ordinal);
            Assert.False(await _lab.ClientNs.PingAsync(OpenVpnServerLab.ServerTunnelAddress, 3), "the server's tunnel address answered a revoked client");
        }

        // The revocation hit one certificate only: another customer's profile still tunnels through the same server.
        var (other, otherConnected) = await _lab.ConnectClientAsync(Profile(neighbour), Connect);
        await using (other)
        {
            Assert.True(otherConnected, "another client was caught by the revocation:\n" + Logs(other));
            Assert.True(await _lab.ClientNs.PingAsync(OpenVpnServerLab.ServerTunnelAddress, 10), "no ping through the neighbour's tunnel:\n" + Logs(other));
        }
    }
}
