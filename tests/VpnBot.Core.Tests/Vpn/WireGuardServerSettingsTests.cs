using System.Security.Cryptography;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Ssh;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.Core.Tests.Vpn;

public class WireGuardServerSettingsTests
{
    internal static readonly SecretProtector Protector = new(RandomNumberGenerator.GetBytes(32));

    internal static WireGuardSettings Valid() => new()
    {
        Ssh = new SshSettings
        {
            Host = "vpn1.example.test", Username = "root", SshPrivateKey = Protector.Protect("key"),
            HostKeySha256 = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('='),
        },
        Interface = "wg0",
        Subnet = "10.8.0.0/24",
        ServerPublicKey = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=",
        Endpoint = "vpn1.example.test:51820",
        Dns = "1.1.1.1,1.0.0.1",
        Mtu = 1420,
    };

    internal static Server ServerWith(WireGuardSettings settings)
    {
        var server = new Server { Id = 1, Name = "s", Location = "l", CountryCode = "NL", IpAddress = "203.0.113.5" };
        server.SetSection(WireGuardServer.Section, settings);
        return server;
    }

    [Fact]
    public void Valid_settings_get_defaults()
    {
        var wg = WireGuardServer.From(ServerWith(Valid()), Protector);
        Assert.Equal(["wg"], wg.Wg);
        Assert.Equal(["wg-quick"], wg.WgQuick);
        Assert.Equal("wg0", wg.SaveTarget);
        Assert.Equal("0.0.0.0/0, ::/0", wg.AllowedIps);
        Assert.Equal(25, wg.PersistentKeepalive);
        Assert.Equal("1.1.1.1, 1.0.0.1", wg.Dns);
        Assert.Equal("10.8.0.1", wg.Subnet.ServerAddress.ToString());
    }

    [Fact]
    public void Prefix_binary_and_config_path_compose_the_commands()
    {
        var wg = WireGuardServer.From(ServerWith(Valid() with
        {
            CommandPrefix = "  sudo -n   ip netns exec vpn ", WgBinary = "/usr/bin/awg", ConfigPath = "/etc/amnezia/wg0.conf",
            Amnezia = new AmneziaSettings { Jc = 4, Jmin = 40, Jmax = 70, S1 = 15, S2 = 20, H1 = 5, H2 = 6, H3 = 7, H4 = 8 },
        }), Protector);
        Assert.Equal(["sudo", "-n", "ip", "netns", "exec", "vpn", "/usr/bin/awg"], wg.Wg);
        Assert.Equal(["sudo", "-n", "ip", "netns", "exec", "vpn", "/usr/bin/awg-quick"], wg.WgQuick);
        Assert.Equal("/etc/amnezia/wg0.conf", wg.SaveTarget);
    }

    public static TheoryData<string, Func<WireGuardSettings, WireGuardSettings>> BadSettings => new()
    {
        { "interface", s => s with { Interface = "wg0; reboot" } },
        { "interface", s => s with { Interface = "a-very-long-interface-name" } },
        { "wgBinary", s => s with { WgBinary = "wg; reboot" } },
        { "wgBinary", s => s with { WgBinary = "/usr/../tmp/wg" } },
        { "commandPrefix", s => s with { CommandPrefix = "sudo" } },
        { "commandPrefix", s => s with { CommandPrefix = "ip netns exec vpn; rm -rf /" } },
        { "commandPrefix", s => s with { CommandPrefix = "ip netns exec vpn sudo -n" } },
        { "subnet", s => s with { Subnet = "10.8.0.1/24" } },
        { "subnet", s => s with { Subnet = "fd00::/64" } },
        { "subnet", s => s with { Subnet = "10.8.0.0/31" } },
        { "serverPublicKey", s => s with { ServerPublicKey = "nope" } },
        { "endpoint", s => s with { Endpoint = "vpn.example.test" } },
        { "endpoint", s => s with { Endpoint = "vpn.example.test:51820\nPostUp = rm -rf /" } },
        { "dns", s => s with { Dns = "1.1.1.1, dns.google" } },
        { "mtu", s => s with { Mtu = 100 } },
        { "persistentKeepalive", s => s with { PersistentKeepalive = -1 } },
        { "allowedIps", s => s with { AllowedIps = "everything" } },
        { "persist", s => s with { Persist = "reboot" } },
        { "configPath", s => s with { ConfigPath = "/etc/wireguard/other.conf" } },
        { "configPath", s => s with { ConfigPath = "/etc/wireguard/../wg0.conf" } },
        { "amnezia", s => s with { Amnezia = new AmneziaSettings { Jc = 4 } } },
        { "amnezia.H1", s => s with { WgBinary = "awg", Amnezia = new AmneziaSettings { H1 = 1 } } },
        { "amnezia.Jmin", s => s with { WgBinary = "awg", Amnezia = new AmneziaSettings { Jmin = 90, Jmax = 50 } } },
        { "ssh", s => s with { Ssh = null } },
        { "sshPrivateKey", s => s with { Ssh = s.Ssh! with { SshPrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----" } } },
        { "username", s => s with { Ssh = s.Ssh! with { Username = "root; id" } } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Bad_settings_are_misconfigured_and_name_the_field(string field, Func<WireGuardSettings, WireGuardSettings> change)
    {
        var e = Assert.Throws<VpnBackendException>(() => WireGuardServer.From(ServerWith(change(Valid())), Protector));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_section_or_malformed_json_is_misconfigured()
    {
        var server = new Server { Name = "s", Location = "l", CountryCode = "NL", IpAddress = "203.0.113.5" };
        Assert.Equal(VpnBackendError.Misconfigured, Assert.Throws<VpnBackendException>(() => WireGuardServer.From(server, Protector)).Error);
        server.Settings = """{"wireguard":{"mtu":"large"}}""";
        Assert.Equal(VpnBackendError.Misconfigured, Assert.Throws<VpnBackendException>(() => WireGuardServer.From(server, Protector)).Error);
    }
}
