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
/// The delivered .ovpn against a real OpenVPN 2.6 server that trusts our CA, our tls-crypt key and the CRL
/// the provider pushed through a real sshd: it connects, and stops connecting once revoked or on hold.
/// </summary>
public sealed class OpenVpnEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(8);
    private TestDatabase _db = null!;
    private OpenVpnLab _lab = null!;
    private SshVpnTestHost _host = null!;
    private Server _server = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _lab = await OpenVpnLab.StartAsync();
        _host = new SshVpnTestHost(_db.ConnectionString);
        _server = _lab.CreateServer(Setup, _host.Protector, 21);
        await _lab.InstallServerAsync(_server, Setup, _host.Protector);
        await Provider.PublishCrlAsync(_server, default);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _lab.DisposeAsync();
        await _db.DisposeAsync();
    }

    private OpenVpnSetup Setup => _host.Get<OpenVpnSetup>();

    private OpenVpnProvider Provider => (OpenVpnProvider)_host.GetKeyed<IVpnProvider>("openvpn");

    private async Task<VpnConfig> CreateAsync(string name)
    {
        var created = await Provider.CreateAsync(_server, new ProvisionRequest(name, 1, 1, DateTimeOffset.UtcNow.AddDays(30), null, 1, "lab"), default);
        return new VpnConfig { Id = 1, ServerId = _server.Id, Protocol = VpnProtocol.OpenVpn, ExternalName = name, ConfigData = created.ConfigData, ConnectionString = created.ConnectionString };
    }

    private string Profile(VpnConfig config) => Encoding.UTF8.GetString(Provider.Render(_server, config).FileContent!);

    [Fact]
    public async Task Delivered_profile_connects_until_held_and_revoked()
    {
        var config = await CreateAsync("tg_555_1");
        var delivered = Provider.Render(_server, config);
        Assert.Equal("tg_555_1.ovpn", delivered.FileName);
        Assert.Null(delivered.QrPng);
        var profile = Encoding.UTF8.GetString(delivered.FileContent!);
        foreach (var block in new[] { "<ca>", "<cert>", "<key>", "<tls-crypt>", "-----BEGIN OpenVPN Static key V1-----", $"remote 127.0.0.1 {_lab.Port}" })
            Assert.Contains(block, profile, StringComparison.Ordinal);

        var first = await _lab.TryConnectAsync(profile, Connect);
        Assert.True(first.Connected, "client did not connect:\n" + first.ClientLog + "\n--- server ---\n" + first.ServerLog);

        await Provider.SetEnabledAsync(_server, config, false, default);
        var held = await _lab.TryConnectAsync(profile, Refused);
        Assert.False(held.Connected, "a held certificate connected");
        Assert.Contains("certificate revoked", held.ServerLog, StringComparison.Ordinal);

        await Provider.SetEnabledAsync(_server, config, true, default);
        Assert.True((await _lab.TryConnectAsync(profile, Connect)).Connected, "client did not connect after the hold was lifted");

        var neighbour = await CreateAsync("tg_556_1");
        await Provider.DeleteAsync(_server, config, default);
        var revoked = await _lab.TryConnectAsync(profile, Refused);
        Assert.False(revoked.Connected, "a revoked certificate connected");
        Assert.Contains("certificate revoked", revoked.ServerLog, StringComparison.Ordinal);
        Assert.True((await _lab.TryConnectAsync(Profile(neighbour), Connect)).Connected, "another client was caught by the revocation");

        // Revocation is final: enabling again is refused and the CRL keeps the serial.
        var e = await Assert.ThrowsAsync<VpnBackendException>(() => Provider.SetEnabledAsync(_server, config, true, default));
        Assert.Equal(VpnBackendError.Rejected, e.Error);
        var serial = OpenVpnConfigData.Parse(config.ConfigData).SerialNumber;
        Assert.Contains(serial, await Exec.CheckAsync("openssl", "crl", "-in", _lab.CrlPath, "-noout", "-text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_process_whose_first_call_is_a_usage_read_a_disable_a_sync_or_a_delete_works()
    {
        var config = await CreateAsync("tg_888_1");
        var profile = Profile(config);
        var serial = OpenVpnConfigData.Parse(config.ConfigData).SerialNumber;
        IVpnProvider Fresh(SshVpnTestHost host) => host.GetKeyed<IVpnProvider>("openvpn");

        // Each step in a new process (same database and key), doing nothing before it.
        await using (var fresh = new SshVpnTestHost(_db.ConnectionString, protector: _host.Protector))
            Assert.Null(Assert.Single(await Fresh(fresh).GetUsagesAsync(_server, [config], default))); // no statusPath: unknown
        await using (var fresh = new SshVpnTestHost(_db.ConnectionString, protector: _host.Protector))
            await Fresh(fresh).SetEnabledAsync(_server, config, false, default);
        Assert.Contains(serial, await Exec.CheckAsync("openssl", "crl", "-in", _lab.CrlPath, "-noout", "-text"), StringComparison.Ordinal);
        await using (var fresh = new SshVpnTestHost(_db.ConnectionString, protector: _host.Protector))
            await Fresh(fresh).UpdateLimitsAsync(_server, config, new ClientLimits(DateTimeOffset.UtcNow.AddDays(60), null, 1, Enabled: true), default);
        Assert.DoesNotContain(serial, await Exec.CheckAsync("openssl", "crl", "-in", _lab.CrlPath, "-noout", "-text"), StringComparison.Ordinal);
        Assert.True((await _lab.TryConnectAsync(profile, Connect)).Connected, "client did not connect after a fresh process lifted the hold");
        await using (var fresh = new SshVpnTestHost(_db.ConnectionString, protector: _host.Protector))
            await Fresh(fresh).DeleteAsync(_server, config, default);
        var revoked = await _lab.TryConnectAsync(profile, Refused);
        Assert.False(revoked.Connected, "a certificate revoked by a fresh process connected");
        Assert.Contains("certificate revoked", revoked.ServerLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_secret_reaches_a_command_line_or_a_log()
    {
        var config = await CreateAsync("tg_777_1");
        await Provider.SetEnabledAsync(_server, config, false, default);
        await Provider.DeleteAsync(_server, config, default);
        var settings = OpenVpnServer.From(_server, _host.Protector);
        var data = OpenVpnConfigData.Parse(config.ConfigData);
        string[] secrets = [Body(data.DecryptPrivateKey(_host.Protector, _server.Id, config.ExternalName)), Body(settings.CaPrivateKeyPem), settings.TlsCryptKey.Split('\n')[5]];
        Assert.NotEmpty(_host.Ssh.CommandLines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(_host.Ssh.CommandLines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, _host.Logs.All, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, config.ConfigData, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, config.ConnectionString!, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, _server.Settings, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_published_crl_has_a_higher_number()
    {
        var numbers = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var pem = await Provider.PublishCrlAsync(_server, default);
            Assert.Equal(pem, await File.ReadAllTextAsync(_lab.CrlPath));
            var text = await Exec.CheckAsync("openssl", "crl", "-in", _lab.CrlPath, "-noout", "-crlnumber");
            numbers.Add(Convert.ToInt64(text.Trim().Split('=')[1], 16));
        }
        Assert.True(numbers[0] < numbers[1] && numbers[1] < numbers[2], string.Join(",", numbers));
    }

    /// <summary>The first base64 line of a PEM body: enough to recognise the key anywhere.</summary>
    private static string Body(string pem) => pem.Split('\n')[1];

    [Fact]
    public async Task Usage_is_read_from_the_servers_status_file_over_ssh()
    {
        var config = await CreateAsync("tg_777_1");
        Assert.Null(await Provider.GetUsageAsync(_server, config, default)); // no statusPath: unknown, not zero

        var statusPath = _lab.File("openvpn-status.log");
        await File.WriteAllTextAsync(statusPath,
            "TITLE,OpenVPN 2.6\nHEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,Bytes Received,Bytes Sent,Connected Since,Connected Since (time_t),Username,Client ID,Peer ID,Data Channel Cipher\n" +
            "CLIENT_LIST,tg_777_1,127.0.0.1:40000,10.8.0.6,,4096,8192,2026-11-26 07:00:00,1795669200,UNDEF,0,0,AES-256-GCM\nEND\n");
        var settings = _server.GetSection<OpenVpnSettings>(OpenVpnServer.Section)!;
        _server.SetSection(OpenVpnServer.Section, settings with { StatusPath = statusPath });

        var usage = await Provider.GetUsageAsync(_server, config, default);
        Assert.NotNull(usage);
        Assert.True(usage.Online);
        Assert.Equal(4096, usage.UploadBytes);
        Assert.Equal(8192, usage.DownloadBytes);
        var other = await CreateAsync("tg_778_1");
        Assert.False((await Provider.GetUsageAsync(_server, other, default))!.Online);
        var both = await Provider.GetUsagesAsync(_server, [config, other], default);
        Assert.Equal([(true, 4096L, 8192L), (false, 0L, 0L)], both.Select(u => (u!.Online, u.UploadBytes, u.DownloadBytes)));
    }
}
