using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using VpnBot.Core.Security;
using VpnBot.TestKit.RealVpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.IntegrationTests.Vpn.Ssh;

/// <summary>The loopback sshd of the test kit: what its sessions run must not depend on the machine's account.</summary>
public sealed class SshServerTests : IAsyncLifetime
{
    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private SshServer _sshd = null!;

    public async Task InitializeAsync() => _sshd = await SshServer.StartAsync();

    public async Task DisposeAsync() => await _sshd.DisposeAsync();

    [Fact]
    public async Task Commands_run_without_the_accounts_bash_startup_files()
    {
        var target = SshTarget.From(new SshSettings
        {
            Host = "127.0.0.1", Port = _sshd.Port, Username = _sshd.Username,
            SshPrivateKey = _protector.Protect(_sshd.ClientPrivateKey), HostKeySha256 = _sshd.HostKeySha256,
        }, _protector, "test.ssh", serverId: 1);
        // Generous on purpose: this test is about what runs, the SSH layer's own timeouts are tested elsewhere.
        var options = new SshOptions { ConnectTimeout = TimeSpan.FromSeconds(30), CommandTimeout = TimeSpan.FromSeconds(60), Attempts = 1 };
        var runner = new SshRunner(new SshNetConnector(options), options, TimeProvider.System, NullLogger<SshRunner>.Instance);

        // bash started by sshd reads ~/.bashrc (and /etc/bash.bashrc) exactly when it is a top-level shell, which it
        // knows by SHLVL: it starts as SHLVL + 1 and reads them below 2. So SHLVL below 2 here means they ran.
        var level = await runner.ExecuteAsync(target, "test", shell => shell.RunAsync("printf %s \"$SHLVL\""), default);

        Assert.True(int.Parse(level, System.Globalization.CultureInfo.InvariantCulture) >= 2, $"SHLVL is {level}: bash read the account's startup files");
    }
}
