using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Qr;
using VpnBot.TestKit.RealVpn;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.IntegrationTests.Vpn.WireGuard;

/// <summary>
/// The WireGuard provider against real software: it configures a wireguard-go server through a real sshd,
/// and the customer's delivered .conf connects from another network namespace: handshake, ping through the
/// tunnel, and no more ping once access is taken away.
/// </summary>
public sealed class WireGuardEndToEndTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private WireGuardLab _lab = null!;
    private SshVpnTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _lab = await WireGuardLab.StartAsync();
        _host = new SshVpnTestHost(_db.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _lab.DisposeAsync();
        await _db.DisposeAsync();
    }

    private IVpnProvider Provider => _host.GetKeyed<IVpnProvider>("wireguard");

    private static ProvisionRequest Request(string name) =>
        new(name, 123456789, 1, DateTimeOffset.UtcNow.AddDays(30), null, 1, "lab");

    private static VpnConfig Stored(Server server, string name, ProvisionedConfig created) => new()
    {
        Id = 1, ServerId = server.Id, Protocol = VpnProtocol.WireGuard, ExternalName = name,
        ConfigData = created.ConfigData, ConnectionString = created.ConnectionString,
    };

    [Fact]
    public async Task Delivered_conf_connects_through_the_tunnel_until_access_is_removed()
    {
        var server = _lab.CreateServer(_host.Protector, 7);
        var created = await Provider.CreateAsync(server, Request("tg_123456789_1"), default);
        var config = Stored(server, "tg_123456789_1", created);
        var delivered = Provider.Render(server, config);
        var conf = Encoding.UTF8.GetString(delivered.FileContent!);

        Assert.Equal(VpnProtocol.WireGuard, delivered.Protocol);
        Assert.Equal("tg_123456789_1.conf", delivered.FileName);
        Assert.Equal(conf, QrReader.Decode(delivered.QrPng!));
        Assert.Contains("Address = 10.66.0.2/32", conf, StringComparison.Ordinal);
        Assert.Contains($"Endpoint = {WireGuardLab.ServerVeth}:51820", conf, StringComparison.Ordinal);

        var data = WireGuardConfigData.Parse(created.ConfigData);
        Assert.Contains(data.PublicKey, await _lab.ServerPeersAsync(), StringComparison.Ordinal);
        Assert.Contains("PublicKey = " + data.PublicKey, await File.ReadAllTextAsync(_lab.ConfigPath), StringComparison.Ordinal);

        await _lab.ConnectClientAsync(conf);
        Assert.True(await _lab.ClientNs.PingAsync(WireGuardLab.ServerTunnelAddress, tries: 10), "no ping through the tunnel");
        Assert.True(await _lab.ClientLatestHandshakeAsync() > 0, "no handshake");

        var usage = await Provider.GetUsageAsync(server, config, default);
        Assert.NotNull(usage);
        Assert.True(usage.UploadBytes > 0 && usage.DownloadBytes > 0, $"usage {usage}");
        Assert.True(usage.Online);
        // The collector's batch read (one SSH session for the whole interface) sees the same peer.
        var batch = Assert.Single(await Provider.GetUsagesAsync(server, [config], default));
        Assert.True(batch!.Online && batch.UploadBytes >= usage.UploadBytes && batch.DownloadBytes >= usage.DownloadBytes, $"batch {batch}");

        // Disabled: the peer leaves the server but keeps its keys and address; re-enabled, the same .conf works again.
        await Provider.SetEnabledAsync(server, config, false, default);
        Assert.DoesNotContain(data.PublicKey, await _lab.ServerPeersAsync(), StringComparison.Ordinal);
        Assert.False(await _lab.ClientNs.PingAsync(WireGuardLab.ServerTunnelAddress, tries: 3), "ping went through while disabled");
        await Provider.SetEnabledAsync(server, config, true, default);
        // The client notices its old session is dead after ~15 s without replies (keepalive + rekey timeout) and handshakes again.
        Assert.True(await _lab.ClientNs.PingAsync(WireGuardLab.ServerTunnelAddress, tries: 30), "no ping after re-enabling");

        await Provider.DeleteAsync(server, config, default);
        Assert.DoesNotContain(data.PublicKey, await _lab.ServerPeersAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(data.PublicKey, await File.ReadAllTextAsync(_lab.ConfigPath), StringComparison.Ordinal);
        Assert.False(await _lab.ClientNs.PingAsync(WireGuardLab.ServerTunnelAddress, tries: 3), "ping went through after revoke");
        Assert.Null(await Provider.GetUsageAsync(server, config, default));
        Assert.Null(Assert.Single(await Provider.GetUsagesAsync(server, [config], default)));
        await using var db = _db.CreateContext();
        Assert.False(await db.IpAllocations.AnyAsync(a => a.ServerId == server.Id));
    }

    [Fact]
    public async Task A_fresh_process_whose_first_call_is_a_usage_read_a_disable_a_sync_or_a_delete_works()
    {
        var server = _lab.CreateServer(_host.Protector, 11);
        var created = await Provider.CreateAsync(server, Request("tg_88_1"), default);
        var config = Stored(server, "tg_88_1", created);
        var key = WireGuardConfigData.Parse(created.ConfigData).PublicKey;

        // Each step in a new process (same database and key), doing nothing before it.
        await using (var fresh = new SshVpnTestHost(_db.ConnectionString, protector: _host.Protector))
            Assert.NotNull(Assert.Single(await fresh.GetKeyed<IVpnProvider>("wireguard").GetUsagesAsync(server, [config], default)));
        await using (var fresh = new SshVpnTestHost(_db.ConnectionString, protector: _host.Protector))
            await fresh.GetKeyed<IVpnProvider>("wireguard").SetEnabledAsync(server, config, false, default);
        Assert.DoesNotContain(key, await _lab.ServerPeersAsync(), StringComparison.Ordinal);
        await using (var fresh = new SshVpnTestHost(_db.ConnectionString, protector: _host.Protector))
            await fresh.GetKeyed<IVpnProvider>("wireguard").UpdateLimitsAsync(server, config, new ClientLimits(DateTimeOffset.UtcNow.AddDays(60), null, 1, Enabled: true), default);
        Assert.Contains(key, await _lab.ServerPeersAsync(), StringComparison.Ordinal);
        await using (var fresh = new SshVpnTestHost(_db.ConnectionString, protector: _host.Protector))
            await fresh.GetKeyed<IVpnProvider>("wireguard").DeleteAsync(server, config, default);
        Assert.DoesNotContain(key, await _lab.ServerPeersAsync(), StringComparison.Ordinal);
        await using var db = _db.CreateContext();
        Assert.False(await db.IpAllocations.AnyAsync(a => a.ServerId == server.Id));
    }

    [Fact]
    public async Task A_retried_create_reuses_the_reservation_and_leaves_one_peer()
    {
        var server = _lab.CreateServer(_host.Protector, 8);
        var first = await Provider.CreateAsync(server, Request("tg_42_1"), default);
        var again = await Provider.CreateAsync(server, Request("tg_42_1"), default);
        var other = await Provider.CreateAsync(server, Request("tg_42_2"), default);

        Assert.Equal(first.ConfigData, again.ConfigData);
        var peers = (await _lab.ServerPeersAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, peers.Length);
        Assert.Equal("10.66.0.3", WireGuardConfigData.Parse(other.ConfigData).Address);
        await using var db = _db.CreateContext();
        Assert.Equal(2, await db.IpAllocations.CountAsync(a => a.ServerId == server.Id));
    }

    [Fact]
    public async Task Secrets_never_reach_a_command_line_a_log_or_the_stored_connection_string()
    {
        var server = _lab.CreateServer(_host.Protector, 9);
        var created = await Provider.CreateAsync(server, Request("tg_77_1"), default);
        var config = Stored(server, "tg_77_1", created);
        await Provider.SetEnabledAsync(server, config, false, default);
        await Provider.SetEnabledAsync(server, config, true, default);
        await Provider.GetUsageAsync(server, config, default);
        await Provider.DeleteAsync(server, config, default);

        var data = WireGuardConfigData.Parse(created.ConfigData);
        string[] secrets = [data.DecryptPrivateKey(_host.Protector, server.Id, "tg_77_1"), data.DecryptPresharedKey(_host.Protector, server.Id, "tg_77_1"), _lab.Sshd.ClientPrivateKey.Split('\n')[1]];
        Assert.NotEmpty(_host.Ssh.CommandLines);
        Assert.NotEmpty(_host.Logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(_host.Ssh.CommandLines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, _host.Logs.All, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, created.ConfigData, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, created.ConnectionString, StringComparison.Ordinal);
        }
        // The preshared key travels on stdin into a 0600 temp file that is gone afterwards.
        Assert.Contains(_host.Ssh.CommandLines, line => line.Contains("umask 077", StringComparison.Ordinal) && line.Contains("preshared-key \"$psk\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_settings_are_misconfigured_and_allocate_nothing()
    {
        var server = _lab.CreateServer(_host.Protector, 10, s => s with { Interface = "wg0; reboot" });
        var e = await Assert.ThrowsAsync<VpnBackendException>(() => Provider.CreateAsync(server, Request("tg_1_1"), default));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);

        var wrongHost = _lab.CreateServer(_host.Protector, 10, s => s with { Ssh = s.Ssh! with { HostKeySha256 = _lab.Sshd.OtherHostKeySha256 } });
        e = await Assert.ThrowsAsync<VpnBackendException>(() => Provider.CreateAsync(wrongHost, Request("tg_1_1"), default));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
        Assert.Empty((await _lab.ServerPeersAsync()).Trim());

        await using var db = _db.CreateContext();
        Assert.False(await db.IpAllocations.AnyAsync(a => a.ServerId == 10 && a.ExternalName == null));
    }
}
