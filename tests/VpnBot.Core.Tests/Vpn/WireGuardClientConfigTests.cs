using VpnBot.Core.Security;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.Core.Tests.Vpn;

public class WireGuardClientConfigTests
{
    private static readonly SecretProtector Protector = WireGuardServerSettingsTests.Protector;

    [Fact]
    public void The_conf_has_the_standard_sections_in_order()
    {
        var wg = WireGuardServer.From(WireGuardServerSettingsTests.ServerWith(WireGuardServerSettingsTests.Valid()), Protector);
        var data = WireGuardConfigData.CreateNew("10.8.0.7", 1, "tg_1_1", Protector);
        var conf = WireGuardClientConfig.Render(wg, data, "PRIV", "PSK");
        Assert.Equal("""
            [Interface]
            PrivateKey = PRIV
            Address = 10.8.0.7/32
            DNS = 1.1.1.1, 1.0.0.1
            MTU = 1420

            [Peer]
            PublicKey = hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=
            PresharedKey = PSK
            Endpoint = vpn1.example.test:51820
            AllowedIPs = 0.0.0.0/0, ::/0
            PersistentKeepalive = 25

            """.Replace("\r", "", StringComparison.Ordinal), conf);
    }

    [Fact]
    public void Amnezia_values_go_into_the_interface_section_and_empty_options_are_left_out()
    {
        var wg = WireGuardServer.From(WireGuardServerSettingsTests.ServerWith(WireGuardServerSettingsTests.Valid() with
        {
            WgBinary = "awg", Dns = null, Mtu = null, PersistentKeepalive = 0,
            Amnezia = new AmneziaSettings { Jc = 4, Jmin = 40, Jmax = 70, S1 = 15, S2 = 20, H1 = 1234567891, H2 = 6, H3 = 7, H4 = 4294967295 },
        }), Protector);
        var conf = WireGuardClientConfig.Render(wg, WireGuardConfigData.CreateNew("10.8.0.7", 1, "tg_1_1", Protector), "PRIV", "PSK");
        var iface = conf[..conf.IndexOf("[Peer]", StringComparison.Ordinal)];
        foreach (var line in new[] { "Jc = 4", "Jmin = 40", "Jmax = 70", "S1 = 15", "S2 = 20", "H1 = 1234567891", "H4 = 4294967295" })
            Assert.Contains(line + "\n", iface, StringComparison.Ordinal);
        Assert.DoesNotContain("DNS", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("MTU", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("PersistentKeepalive", conf, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tg_123456789_1", "tg_123456789_1.conf")]
    [InlineData("tg_1234567890123_12", "tg_123456789012.conf")]
    [InlineData("user@host", "user_host.conf")]
    public void File_names_are_valid_tunnel_names(string name, string expected) =>
        Assert.Equal(expected, WireGuardClientConfig.FileName(name));

    [Fact]
    public void Stored_data_keeps_keys_encrypted_and_round_trips()
    {
        var data = WireGuardConfigData.CreateNew("10.8.0.9", 1, "tg_1_1", Protector);
        var json = data.ToJson();
        Assert.DoesNotContain(data.DecryptPrivateKey(Protector, 1, "tg_1_1"), json, StringComparison.Ordinal);
        Assert.DoesNotContain(data.DecryptPresharedKey(Protector, 1, "tg_1_1"), json, StringComparison.Ordinal);
        Assert.Equal(data, WireGuardConfigData.Parse(json));
        Assert.Equal(data.PublicKey, WireGuardKeys.PublicKeyOf(data.DecryptPrivateKey(Protector, 1, "tg_1_1")));
    }
}
