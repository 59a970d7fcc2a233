using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using VpnBot.Core.Security;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.RealVpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.IntegrationTests.Vpn.Ssh;

/// <summary>The SSH layer against a real OpenSSH server on loopback.</summary>
public sealed class SshRunnerTests : IAsyncLifetime
{
    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private SshServer _sshd = null!;

    public async Task InitializeAsync() => _sshd = await SshServer.StartAsync();

    public async Task DisposeAsync() => await _sshd.DisposeAsync();

    private SshTarget Target(string? hostKey = null, string? privateKey = null, int? port = null) => SshTarget.From(new SshSettings
    {
        Host = "127.0.0.1",
        Port = port ?? _sshd.Port,
        Username = _sshd.Username,
        SshPrivateKey = _protector.Protect(privateKey ?? _sshd.ClientPrivateKey),
        HostKeySha256 = hostKey ?? _sshd.HostKeySha256,
    }, _protector, "test.ssh", serverId: 1);

    private static SshRunner Runner(int attempts = 3) => new(new SshNetConnector(new SshOptions
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        CommandTimeout = TimeSpan.FromSeconds(3),
        Attempts = attempts,
        RetryDelay = TimeSpan.FromMilliseconds(50),
    }), new SshOptions { Attempts = attempts, RetryDelay = TimeSpan.FromMilliseconds(50) }, TimeProvider.System, NullLogger<SshRunner>.Instance);

    [Fact]
    public async Task Runs_a_command_and_feeds_it_stdin()
    {
        var output = await Runner().ExecuteAsync(Target(), "test", shell => shell.RunAsync("cat; echo done", "from stdin\n"), default);
        Assert.Equal("from stdin\ndone\n", output);
    }

    [Fact]
    public async Task Quoted_arguments_reach_the_remote_program_verbatim()
    {
        const string hostile = "a'b; touch /tmp/pwned-by-vpnbot $(id) `id` \"q\" \\ | & > <";
        var output = await Runner().ExecuteAsync(Target(), "test",
            shell => shell.RunAsync("printf %s " + ShellQuote.Quote(hostile)), default);
        Assert.Equal(hostile, output);
        Assert.False(File.Exists("/tmp/pwned-by-vpnbot"));
    }

    [Fact]
    public async Task A_failing_command_is_rejected_with_its_stderr_and_secrets_masked()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var e = await Assert.ThrowsAsync<VpnBackendException>(() => Runner().ExecuteAsync(Target(), "test",
            shell => shell.RunAsync("echo \"bad key: $(cat)\" >&2; exit 3", key), default));
        Assert.Equal(VpnBackendError.Rejected, e.Error);
        Assert.Contains("exit status 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("bad key: ***", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_host_key_is_refused_before_logging_in()
    {
        var e = await Assert.ThrowsAsync<VpnBackendException>(() =>
            Runner().ExecuteAsync(Target(hostKey: _sshd.OtherHostKeySha256), "test", shell => shell.RunAsync("true"), default));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
        Assert.Contains(_sshd.HostKeySha256, e.Message, StringComparison.Ordinal);
        Assert.Contains("refusing", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Accepted publickey", _sshd.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_the_server_does_not_know_is_unauthorized()
    {
        var dir = Directory.CreateTempSubdirectory("vpnbot-key-").FullName;
        await Exec.CheckAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "k"));
        var stranger = await File.ReadAllTextAsync(Path.Combine(dir, "k"));
        Directory.Delete(dir, true);
        var e = await Assert.ThrowsAsync<VpnBackendException>(() =>
            Runner().ExecuteAsync(Target(privateKey: stranger), "test", shell => shell.RunAsync("true"), default));
        Assert.Equal(VpnBackendError.Unauthorized, e.Error);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable_after_every_attempt()
    {
        var attempts = 0;
        var e = await Assert.ThrowsAsync<VpnBackendException>(() => Runner(attempts: 3).ExecuteAsync(Target(port: SshServer.FreeTcpPort()), "test",
            shell => { attempts++; return shell.RunAsync("true"); }, default));
        Assert.Equal(VpnBackendError.Unreachable, e.Error);
        Assert.True(e.IsTransient);
        Assert.Equal(0, attempts);
    }

    [Fact]
    public async Task A_command_that_hangs_times_out()
    {
        var e = await Assert.ThrowsAsync<VpnBackendException>(() =>
            Runner(attempts: 1).ExecuteAsync(Target(), "test", shell => shell.RunAsync("sleep 30"), default));
        Assert.Equal(VpnBackendError.Timeout, e.Error);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_then_succeeds()
    {
        var calls = 0;
        var output = await Runner(attempts: 3).ExecuteAsync(Target(), "test", shell =>
        {
            if (++calls == 1) throw new VpnBackendException(VpnBackendError.Unreachable, "connection reset");
            return shell.RunAsync("echo ok");
        }, default);
        Assert.Equal("ok\n", output);
        Assert.Equal(2, calls);
    }

    [Theory]
    [InlineData(null, "hostKeySha256")]
    [InlineData("SHA256:tooshort", "hostKeySha256")]
    public void Settings_without_a_valid_pinned_host_key_are_misconfigured(string? hostKey, string mentions)
    {
        var e = Assert.Throws<VpnBackendException>(() => SshTarget.From(new SshSettings
        {
            Host = "127.0.0.1", Username = "root", SshPrivateKey = _protector.Protect("x"), HostKeySha256 = hostKey,
        }, _protector, "wireguard.ssh", serverId: 1));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plaintext_private_key_in_settings_is_refused()
    {
        var e = Assert.Throws<VpnBackendException>(() => SshTarget.From(new SshSettings
        {
            Host = "127.0.0.1", Username = "root", SshPrivateKey = _sshd.ClientPrivateKey, HostKeySha256 = _sshd.HostKeySha256,
        }, _protector, "wireguard.ssh", serverId: 1));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
        Assert.DoesNotContain("PRIVATE KEY", e.Message, StringComparison.Ordinal);
    }
}
