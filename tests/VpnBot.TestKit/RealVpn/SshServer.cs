using System.Net;
using System.Net.Sockets;

namespace VpnBot.TestKit.RealVpn;

/// <summary>
/// A real OpenSSH server on a loopback port, owned by the test: its own host key and an authorized_keys
/// with a client key made here, started as `sshd -D -e -f CONFIG` and ended by its process id.
/// Sessions log in as the current user (root on the test machines).
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    private readonly BackgroundProcess _process;

    private SshServer(BackgroundProcess process, string directory, int port, string clientPrivateKey, string hostKeySha256, string otherHostKeySha256)
    {
        _process = process;
        Directory = directory;
        Port = port;
        ClientPrivateKey = clientPrivateKey;
        HostKeySha256 = hostKeySha256;
        OtherHostKeySha256 = otherHostKeySha256;
    }

    public string Directory { get; }
    public int Port { get; }
    public string Username => Environment.UserName;

    /// <summary>OpenSSH-format private key that this server accepts.</summary>
    public string ClientPrivateKey { get; }

    /// <summary>"SHA256:..." of this server's host key, as ssh-keygen -lf prints it.</summary>
    public string HostKeySha256 { get; }

    /// <summary>The fingerprint of a different host key, for testing that a mismatch is refused.</summary>
    public string OtherHostKeySha256 { get; }

    public string Log => _process.Output;

    public static async Task<SshServer> StartAsync()
    {
        RealVpnMachine.Require("/usr/sbin/sshd", "ssh-keygen");
        var dir = System.IO.Directory.CreateTempSubdirectory("vpnbot-sshd-").FullName;
        System.IO.Directory.CreateDirectory("/run/sshd"); // privilege separation directory sshd insists on
        await Exec.CheckAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "host_key"));
        await Exec.CheckAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "other_host_key"));
        await Exec.CheckAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "client_key"));
        File.Copy(Path.Combine(dir, "client_key.pub"), Path.Combine(dir, "authorized_keys"));
        var port = FreeTcpPort();
        var config = Path.Combine(dir, "sshd_config");
        // SetEnv SHLVL=1: bash run by sshd sources the account's ~/.bashrc only as a top-level shell (SHLVL < 2).
        // Dotfiles can be slow and contended: root's here runs `pyenv init`, whose rehash takes a lock shared by
        // every shell of the account, so under a loaded parallel run commands queued on it past the tests' 3 s
        // command timeout. A test server must measure our SSH layer, not the account's dotfiles.
        await File.WriteAllTextAsync(config, $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {dir}/host_key
            AuthorizedKeysFile {dir}/authorized_keys
            PidFile none
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            StrictModes no
            LogLevel VERBOSE
            SetEnv SHLVL=1
            """ + "\n");
        var process = BackgroundProcess.Start("/usr/sbin/sshd", ["-D", "-e", "-f", config]);
        var server = new SshServer(process, dir, port, await File.ReadAllTextAsync(Path.Combine(dir, "client_key")),
            await FingerprintAsync(Path.Combine(dir, "host_key.pub")), await FingerprintAsync(Path.Combine(dir, "other_host_key.pub")));
        await server.WaitUntilListeningAsync();
        return server;
    }

    private async Task WaitUntilListeningAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            if (_process.HasExited) throw new InvalidOperationException("sshd exited at start:\n" + _process.Output);
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException("sshd did not start listening:\n" + _process.Output);
    }

    private static async Task<string> FingerprintAsync(string publicKeyFile)
    {
        // "256 SHA256:abc... root@host (ED25519)"
        var line = await Exec.CheckAsync("ssh-keygen", "-l", "-E", "sha256", "-f", publicKeyFile);
        return line.Split(' ')[1];
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* temp dir; harmless */ }
    }
}
