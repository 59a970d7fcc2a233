using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Vpn.OpenVpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.TestKit.RealVpn;

/// <summary>
/// A real OpenVPN 2.6 server in `--server` mode on a real tun device, per shared/reference/real-vpn-tests.md:
/// namespace A runs the server, namespace B is the customer's device, a veth pair with documentation addresses
/// joins them. The server trusts the CA <see cref="OpenVpnSetup"/> made and `--crl-verify`s the file the
/// provider pushes through a real sshd on the host (the file system is shared with the namespaces, so the
/// running server re-reads the very file the provider wrote). Processes are ended by their own ids,
/// namespaces by the names made here.
/// </summary>
public sealed class OpenVpnServerLab : IAsyncDisposable
{
    public const string ServerVeth = "192.0.2.1";
    public const string ClientVeth = "192.0.2.2";
    public const string ServerTunnelAddress = "10.9.0.1";
    public const int Port = 1194;

    private readonly List<IAsyncDisposable> _owned = [];
    private NetworkNamespace? _clientNs;
    private BackgroundProcess? _server;

    private OpenVpnServerLab(string suffix, string directory)
    {
        Suffix = suffix;
        Directory = directory;
    }

    public string Suffix { get; }
    public string Directory { get; }
    public NetworkNamespace ServerNs { get; private set; } = null!;
    public NetworkNamespace ClientNs => _clientNs!;
    public SshServer Sshd { get; private set; } = null!;
    public string CrlPath => Path.Combine(Directory, "pushed", "crl.pem");

    /// <summary>Everything the server has logged so far.</summary>
    public string ServerLog => _server?.Output ?? "";

    public static async Task<OpenVpnServerLab> StartAsync()
    {
        RealVpnMachine.Require("ip", "openvpn", "openssl", "ping", "/usr/sbin/sshd");
        var lab = new OpenVpnServerLab(RealVpnMachine.Suffix(), System.IO.Directory.CreateTempSubdirectory("vpnbot-ovpn-ns-").FullName);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(lab.CrlPath)!);
        try
        {
            lab.ServerNs = lab.Own(await NetworkNamespace.CreateAsync("vboa" + lab.Suffix));
            lab._clientNs = lab.Own(await NetworkNamespace.CreateAsync("vbob" + lab.Suffix));
            await NetworkNamespace.LinkAsync(lab.ServerNs, "vboxa" + lab.Suffix, ServerVeth + "/24", lab.ClientNs, "vboxb" + lab.Suffix, ClientVeth + "/24");
            lab.Sshd = lab.Own(await SshServer.StartAsync());
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>A server whose "openvpn" section reaches the lab's sshd, names the veth address as remote, and has a fresh CA.</summary>
    public Server CreateServer(OpenVpnSetup setup, SecretProtector protector, long id)
    {
        var server = new Server
        {
            Id = id, Name = "ovpn-ns-lab-" + Suffix, Location = "Lab", CountryCode = "NL", IpAddress = ServerVeth,
            SupportedProtocols = [Core.VpnProtocol.OpenVpn],
        };
        server.SetSection(OpenVpnServer.Section, new OpenVpnSettings
        {
            Ssh = new SshSettings
            {
                Host = "127.0.0.1", Port = Sshd.Port, Username = Sshd.Username,
                SshPrivateKey = protector.Protect(Sshd.ClientPrivateKey), HostKeySha256 = Sshd.HostKeySha256,
            },
            Remote = ServerVeth,
            Port = Port,
            Proto = "udp",
            CrlPath = CrlPath,
        });
        setup.CreateAuthority(server, "VpnBot Namespace Lab CA");
        return server;
    }

    /// <summary>
    /// Writes the server's CA, certificate, key and tls-crypt key and starts `openvpn --server` in namespace A
    /// (tunnel only: nothing pushed). The CRL must already exist at <see cref="CrlPath"/>.
    /// </summary>
    public async Task StartServerAsync(Server server, OpenVpnSetup setup, SecretProtector protector)
    {
        var settings = OpenVpnServer.From(server, protector);
        var cert = setup.IssueServerCertificate(server, "vpn.lab.test", TimeSpan.FromDays(365));
        await Write("ca.crt", settings.CaCertificatePem);
        await Write("server.crt", cert.CertificatePem);
        await Write("server.key", cert.PrivateKeyPem);
        await Write("ta.key", settings.TlsCryptKey);
        // `ip netns exec` execs openvpn in place, so the process id we hold is the server's own.
        _server = Own(BackgroundProcess.Start("ip", [
            "netns", "exec", ServerNs.Name, "openvpn",
            "--server", "10.9.0.0", "255.255.255.0", "--topology", "subnet", "--dev", "tun", "--proto", "udp",
            "--local", ServerVeth, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ca", File("ca.crt"), "--cert", File("server.crt"), "--key", File("server.key"), "--dh", "none",
            "--tls-crypt", File("ta.key"), "--crl-verify", CrlPath, "--keepalive", "2", "10", "--verb", "3"]));
        if (!await _server.WaitForOutputAsync("Initialization Sequence Completed", TimeSpan.FromSeconds(15)))
            throw new InvalidOperationException("The OpenVPN server did not start in " + ServerNs.Name + ":\n" + _server.Output);
    }

    /// <summary>
    /// Runs `openvpn --config` on the delivered profile in namespace B, exactly as delivered, and waits for
    /// "Initialization Sequence Completed". The caller disposes the client (ended by its process id).
    /// </summary>
    public async Task<(BackgroundProcess Client, bool Connected)> ConnectClientAsync(string profile, TimeSpan timeout)
    {
        var profilePath = File("client-" + Guid.NewGuid().ToString("N")[..8] + ".ovpn");
        await System.IO.File.WriteAllTextAsync(profilePath, profile);
        if (!OperatingSystem.IsWindows()) System.IO.File.SetUnixFileMode(profilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var client = BackgroundProcess.Start("ip", ["netns", "exec", ClientNs.Name, "openvpn", "--config", profilePath, "--verb", "3"]);
        try
        {
            return (client, await client.WaitForOutputAsync("Initialization Sequence Completed", timeout));
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public string File(string name) => Path.Combine(Directory, name);

    private Task Write(string name, string content) => System.IO.File.WriteAllTextAsync(File(name), content);

    private T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* temp dir */ }
    }
}
