using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Vpn.Ssh;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.TestKit.RealVpn;

/// <summary>
/// A real WireGuard server and client for end-to-end tests, per shared/reference/real-vpn-tests.md:
/// namespace A runs the server (wireguard-go, configured from a wg-quick file the provider saves into),
/// namespace B is the customer's device, a veth pair with documentation addresses joins them.
/// The provider reaches the server through a real sshd on loopback with commandPrefix "ip netns exec A".
/// Every name carries a random suffix (wireguard-go's control sockets are shared by all namespaces).
/// </summary>
public sealed class WireGuardLab : IAsyncDisposable
{
    public const string ServerVeth = "192.0.2.1";
    public const string ClientVeth = "192.0.2.2";
    public const string Subnet = "10.66.0.0/24";
    public const string ServerTunnelAddress = "10.66.0.1";

    private readonly List<IAsyncDisposable> _owned = [];
    private NetworkNamespace? _clientNs;

    private WireGuardLab(string suffix, string directory)
    {
        Suffix = suffix;
        Directory = directory;
        ServerInterface = "wgs" + suffix;
        ClientInterface = "wgc" + suffix;
    }

    public string Suffix { get; }
    public string Directory { get; }
    public string ServerInterface { get; }
    public string ClientInterface { get; }
    public NetworkNamespace ServerNs { get; private set; } = null!;
    public NetworkNamespace ClientNs => _clientNs!;
    public SshServer Sshd { get; private set; } = null!;
    public string ServerPublicKey { get; private set; } = "";
    public string ConfigPath => Path.Combine(Directory, ServerInterface + ".conf");

    public static async Task<WireGuardLab> StartAsync()
    {
        RealVpnMachine.Require("ip", "wg", "wg-quick", "wireguard-go", "ping", "/usr/sbin/sshd");
        var lab = new WireGuardLab(RealVpnMachine.Suffix(), System.IO.Directory.CreateTempSubdirectory("vpnbot-wg-").FullName);
        try
        {
            await lab.SetUpAsync();
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        ServerNs = Own(await NetworkNamespace.CreateAsync("vbwa" + Suffix));
        _clientNs = Own(await NetworkNamespace.CreateAsync("vbwb" + Suffix));
        await NetworkNamespace.LinkAsync(ServerNs, "vbva" + Suffix, ServerVeth + "/24", ClientNs, "vbvb" + Suffix, ClientVeth + "/24");

        var privateKey = (await Exec.CheckAsync("wg", "genkey")).Trim();
        ServerPublicKey = (await Exec.CheckInputAsync("wg", privateKey, "pubkey")).Trim();
        // The wg-quick file a real server boots from; the provider's `wg-quick save` rewrites it.
        await File.WriteAllTextAsync(ConfigPath, $"[Interface]\nAddress = {ServerTunnelAddress}/24\nListenPort = 51820\nPrivateKey = {privateKey}\n");
        await ServerNs.StartWireGuardGoAsync(ServerInterface);
        await SetConfAsync(ServerNs, ServerInterface, await File.ReadAllTextAsync(ConfigPath));
        await ServerNs.CheckAsync("ip", "addr", "add", ServerTunnelAddress + "/24", "dev", ServerInterface);
        await ServerNs.CheckAsync("ip", "link", "set", ServerInterface, "up");

        Sshd = Own(await SshServer.StartAsync());
    }

    /// <summary>The server's "wireguard" settings section as an operator would store it.</summary>
    public Server CreateServer(SecretProtector protector, long id, Func<WireGuardSettings, WireGuardSettings>? change = null)
    {
        var server = new Server
        {
            Id = id,
            Name = "wg-lab-" + Suffix,
            Location = "Lab",
            CountryCode = "NL",
            IpAddress = ServerVeth,
            SupportedProtocols = [Core.VpnProtocol.WireGuard],
        };
        var settings = new WireGuardSettings
        {
            Ssh = new SshSettings
            {
                Host = "127.0.0.1",
                Port = Sshd.Port,
                Username = Sshd.Username,
                SshPrivateKey = protector.Protect(Sshd.ClientPrivateKey),
                HostKeySha256 = Sshd.HostKeySha256,
            },
            Interface = ServerInterface,
            WgBinary = "wg",
            CommandPrefix = "ip netns exec " + ServerNs.Name,
            Subnet = Subnet,
            ServerPublicKey = ServerPublicKey,
            Endpoint = ServerVeth + ":51820",
            Dns = "10.66.0.1",
            Mtu = 1420,
            PersistentKeepalive = 25,
            Persist = "wg-quick",
            ConfigPath = ConfigPath,
        };
        server.SetSection(WireGuardServer.Section, change?.Invoke(settings) ?? settings);
        return server;
    }

    /// <summary>
    /// Brings the delivered .conf up on the client namespace the way wg-quick would: wireguard-go, `wg setconf` on a
    /// copy without the wg-quick-only keys, then Address and MTU applied with `ip`.
    /// </summary>
    public async Task ConnectClientAsync(string deliveredConf)
    {
        var values = deliveredConf.Split('\n').Select(l => l.Split(" = ", 2)).Where(p => p.Length == 2).ToLookup(p => p[0], p => p[1]);
        await ClientNs.StartWireGuardGoAsync(ClientInterface);
        await SetConfAsync(ClientNs, ClientInterface, deliveredConf);
        await ClientNs.CheckAsync("ip", "addr", "add", values["Address"].Single(), "dev", ClientInterface);
        await ClientNs.CheckAsync("ip", "link", "set", ClientInterface, "mtu", values["MTU"].Single(), "up");
        await ClientNs.CheckAsync("ip", "route", "add", Subnet, "dev", ClientInterface);
    }

    public async Task<string> ServerPeersAsync() => await ServerNs.CheckAsync("wg", "show", ServerInterface, "peers");

    public async Task<long> ClientLatestHandshakeAsync()
    {
        var line = (await ClientNs.CheckAsync("wg", "show", ClientInterface, "latest-handshakes")).Trim();
        return line.Length == 0 ? 0 : long.Parse(line.Split('\t')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task SetConfAsync(NetworkNamespace ns, string iface, string conf)
    {
        var stripped = string.Join('\n', conf.Split('\n').Where(l => !(l.StartsWith("Address", StringComparison.Ordinal)
            || l.StartsWith("DNS", StringComparison.Ordinal) || l.StartsWith("MTU", StringComparison.Ordinal))));
        var file = Path.Combine(Directory, iface + ".setconf");
        await File.WriteAllTextAsync(file, stripped);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await ns.CheckAsync("wg", "setconf", iface, file);
        File.Delete(file);
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
