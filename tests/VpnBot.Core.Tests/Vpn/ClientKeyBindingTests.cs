using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Vpn.OpenVpn;
using VpnBot.Vpn.Ssh;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.Core.Tests.Vpn;

/// <summary>
/// Customers' keys (WireGuard private and preshared keys, OpenVPN client keys) are bound to their client, the
/// server and name of the row they are stored in: copied to another client's row or tampered with, the customer's
/// config is refused with an error naming the place; old unbound values are still read and rebinding them keeps the
/// customer's config byte for byte.
/// </summary>
public class ClientKeyBindingTests
{
    private static readonly Core.Security.SecretProtector Protector = WireGuardServerSettingsTests.Protector;

    // Render reads only the server's settings and the stored config: the SSH runner, allocator and CRL publisher are unused.
    private static readonly WireGuardProvider Wg = new(Protector, null!, null!, TimeProvider.System, NullLogger<WireGuardProvider>.Instance);
    private static readonly OpenVpnProvider Ovpn = new(Protector, null!, null!, TimeProvider.System, NullLogger<OpenVpnProvider>.Instance);

    private static VpnConfig Config(long serverId, string name, string data) =>
        new() { ServerId = serverId, ExternalName = name, ConfigData = data, Protocol = VpnProtocol.WireGuard };

    private static Server WgServer(long id)
    {
        var server = WireGuardServerSettingsTests.ServerWith(WireGuardServerSettingsTests.Valid());
        server.Id = id;
        return server;
    }

    private static string Text(Core.Vpn.CustomerConfig config) => Encoding.UTF8.GetString(config.FileContent!);

    [Fact]
    public void WireGuard_keys_copied_to_another_clients_row_do_not_decrypt_there()
    {
        var json = WireGuardConfigData.CreateNew("10.8.0.7", 1, "tg_1_1", Protector).ToJson();
        Assert.Contains("PrivateKey = ", Text(Wg.Render(WgServer(1), Config(1, "tg_1_1", json))), StringComparison.Ordinal);

        // Another customer's row on the same server, and the same name on another server: refused, naming the place.
        var e = Assert.ThrowsAny<CryptographicException>(() => Wg.Render(WgServer(1), Config(1, "tg_2_1", json)));
        Assert.Contains("does not belong to server/1/client/tg_2_1/wireguard.privateKey", e.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => Wg.Render(WgServer(2), Config(2, "tg_1_1", json)));
        // The private key moved into the preshared key's field of its own row: refused as well.
        var data = WireGuardConfigData.Parse(json);
        var swapped = (data with { PresharedKey = data.PrivateKey }).ToJson();
        Assert.ThrowsAny<CryptographicException>(() => Wg.Render(WgServer(1), Config(1, "tg_1_1", swapped)));
    }

    [Fact]
    public void A_tampered_WireGuard_key_is_refused()
    {
        var data = WireGuardConfigData.CreateNew("10.8.0.7", 1, "tg_1_1", Protector);
        var tampered = (data with { PrivateKey = FlipLastByte(data.PrivateKey) }).ToJson();
        Assert.ThrowsAny<CryptographicException>(() => Wg.Render(WgServer(1), Config(1, "tg_1_1", tampered)));
    }

    [Fact]
    public void An_old_WireGuard_config_is_still_read_and_rebinding_keeps_the_customers_conf()
    {
        var privateKey = WireGuardKeys.GeneratePrivateKey();
        var old = new WireGuardConfigData(WireGuardKeys.PublicKeyOf(privateKey), Protector.Protect(privateKey),
            Protector.Protect(WireGuardKeys.GeneratePresharedKey()), "10.8.0.7");
        Assert.True(old.IsUnbound);
        var before = Text(Wg.Render(WgServer(1), Config(1, "tg_1_1", old.ToJson())));

        var rebound = old.Rebind(Protector, 1, "tg_1_1");

        Assert.False(rebound.IsUnbound);
        Assert.Equal(before, Text(Wg.Render(WgServer(1), Config(1, "tg_1_1", rebound.ToJson()))));
        Assert.Equal(rebound, rebound.Rebind(Protector, 1, "tg_1_1")); // idempotent
        Assert.ThrowsAny<CryptographicException>(() => Wg.Render(WgServer(1), Config(1, "tg_2_1", rebound.ToJson())));
    }

    [Fact]
    public void OpenVpn_client_keys_are_bound_refused_elsewhere_or_tampered_and_old_ones_rebind_to_the_same_profile()
    {
        var server = OvpnServer(1);
        var issued = Issue(server, "tg_1_1");
        var json = OpenVpnConfigData.From(issued, "tg_1_1", 1, Protector).ToJson();
        var profile = Text(Ovpn.Render(server, OvpnConfig("tg_1_1", json)));
        Assert.Contains(issued.PrivateKeyPem.Trim(), profile, StringComparison.Ordinal);

        var e = Assert.ThrowsAny<CryptographicException>(() => Ovpn.Render(server, OvpnConfig("tg_2_1", json)));
        Assert.Contains("does not belong to server/1/client/tg_2_1/openvpn.privateKey", e.Message, StringComparison.Ordinal);
        var data = OpenVpnConfigData.Parse(json);
        Assert.ThrowsAny<CryptographicException>(() =>
            Ovpn.Render(server, OvpnConfig("tg_1_1", (data with { PrivateKey = FlipLastByte(data.PrivateKey) }).ToJson())));

        var old = data with { PrivateKey = Protector.Protect(issued.PrivateKeyPem) };
        Assert.True(old.IsUnbound);
        Assert.Equal(profile, Text(Ovpn.Render(server, OvpnConfig("tg_1_1", old.ToJson()))));
        var rebound = old.Rebind(Protector, 1, "tg_1_1");
        Assert.False(rebound.IsUnbound);
        Assert.Equal(profile, Text(Ovpn.Render(server, OvpnConfig("tg_1_1", rebound.ToJson()))));
        Assert.ThrowsAny<CryptographicException>(() => Ovpn.Render(server, OvpnConfig("tg_2_1", rebound.ToJson())));
    }

    private static VpnConfig OvpnConfig(string name, string data) =>
        new() { ServerId = 1, ExternalName = name, ConfigData = data, Protocol = VpnProtocol.OpenVpn };

    private static Server OvpnServer(long id)
    {
        var server = new Server { Id = id, Name = "o", Location = "l", CountryCode = "NL", IpAddress = "203.0.113.6" };
        server.SetSection(OpenVpnServer.Section, new OpenVpnSettings
        {
            Ssh = WireGuardServerSettingsTests.Valid().Ssh,
            Remote = "vpn2.example.test", Port = 1194, Proto = "udp", CrlPath = "/etc/openvpn/crl.pem",
        });
        new OpenVpnSetup(Protector, TimeProvider.System).CreateAuthority(server, "Test CA");
        return server;
    }

    private static IssuedCertificate Issue(Server server, string name)
    {
        using var ca = OpenVpnServer.From(server, Protector).LoadCa();
        return OpenVpnCertificateAuthority.IssueClient(ca, name, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30));
    }

    private static string FlipLastByte(string stored)
    {
        const string prefix = "enc:v2:";
        var blob = Convert.FromBase64String(stored[prefix.Length..]);
        blob[^1] ^= 1;
        return prefix + Convert.ToBase64String(blob);
    }
}
