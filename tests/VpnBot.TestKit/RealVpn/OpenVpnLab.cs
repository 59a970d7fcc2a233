using System.Net;
using System.Net.Sockets;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Vpn.OpenVpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.TestKit.RealVpn;

/// <summary>
/// A real OpenVPN 2.6 pair on loopback per shared/reference/external-apis.md §5.3: a peer-to-peer TLS server
/// (`--dev null --tls-server`, no tun needed) with the server certificate our CA issued, the tls-crypt key from
/// the settings and `--crl-verify` on the file the provider pushes through a real sshd; the client is the
/// delivered .ovpn plus `--dev null`. Processes are ended by their own ids.
/// </summary>
public sealed class OpenVpnLab : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private OpenVpnLab(string directory) => Directory = directory;

    public string Directory { get; }
    public SshServer Sshd { get; private set; } = null!;
    public string CrlPath => Path.Combine(Directory, "pushed", "crl.pem");
    public int Port { get; } = FreeUdpPort();

    public static async Task<OpenVpnLab> StartAsync()
    {
        RealVpnMachine.Require("openvpn", "openssl", "/usr/sbin/sshd");
        var lab = new OpenVpnLab(System.IO.Directory.CreateTempSubdirectory("vpnbot-ovpn-").FullName);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(lab.CrlPath)!);
        try
        {
            lab.Sshd = lab.Own(await SshServer.StartAsync());
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>A server whose "openvpn" section has SSH access to the lab and a fresh CA made by <see cref="OpenVpnSetup"/>.</summary>
    public Server CreateServer(OpenVpnSetup setup, SecretProtector protector, long id)
    {
        var server = new Server
        {
            Id = id, Name = "ovpn-lab-" + id, Location = "Lab", CountryCode = "NL", IpAddress = "127.0.0.1",
            SupportedProtocols = [Core.VpnProtocol.OpenVpn],
        };
        server.SetSection(OpenVpnServer.Section, new OpenVpnSettings
        {
            Ssh = new SshSettings
            {
                Host = "127.0.0.1", Port = Sshd.Port, Username = Sshd.Username,
                SshPrivateKey = protector.Protect(Sshd.ClientPrivateKey), HostKeySha256 = Sshd.HostKeySha256,
            },
            Remote = "127.0.0.1",
            Port = Port,
            Proto = "udp",
            CrlPath = CrlPath,
        });
        setup.CreateAuthority(server, "VpnBot Lab CA");
        return server;
    }

    /// <summary>Writes the server side's files: CA, server certificate and key, tls-crypt key.</summary>
    public async Task InstallServerAsync(Server server, OpenVpnSetup setup, SecretProtector protector)
    {
        var settings = OpenVpnServer.From(server, protector);
        var cert = setup.IssueServerCertificate(server, "vpn.lab.test", TimeSpan.FromDays(365));
        await Write("ca.crt", settings.CaCertificatePem);
        await Write("server.crt", cert.CertificatePem);
        await Write("server.key", cert.PrivateKeyPem);
        await Write("ta.key", settings.TlsCryptKey);
    }

    /// <summary>
    /// Starts a fresh p2p server, runs the client from <paramref name="profile"/>, and reports whether the client
    /// completed initialization. Returns the client and server logs for assertions.
    /// </summary>
    public async Task<(bool Connected, string ClientLog, string ServerLog)> TryConnectAsync(string profile, TimeSpan timeout)
    {
        await using var server = BackgroundProcess.Start("openvpn", [
            "--dev", "null", "--tls-server", "--local", "127.0.0.1", "--lport", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--proto", "udp", "--ca", File("ca.crt"), "--cert", File("server.crt"), "--key", File("server.key"),
            "--dh", "none", "--tls-crypt", File("ta.key"), "--crl-verify", CrlPath, "--verb", "3"]);
        if (!await server.WaitForOutputAsync("link local (bound)", TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("The OpenVPN lab server did not start:\n" + server.Output);
        var profilePath = File("client-" + Guid.NewGuid().ToString("N")[..8] + ".ovpn");
        await System.IO.File.WriteAllTextAsync(profilePath, profile);
        await using var client = BackgroundProcess.Start("openvpn", [
            "--config", profilePath, "--dev", "null", "--ifconfig-noexec", "--route-noexec", "--verb", "3"]);
        var connected = await client.WaitForOutputAsync("Initialization Sequence Completed", timeout);
        return (connected, client.Output, server.Output);
    }

    public string File(string name) => Path.Combine(Directory, name);

    private Task Write(string name, string content) => System.IO.File.WriteAllTextAsync(File(name), content);

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

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
