using System.Security.Cryptography;
using System.Text.Json.Nodes;
using VpnBot.Core.Security;

namespace VpnBot.Core.Tests.Security;

/// <summary>Secrets bound to their server and field (AES-GCM associated data), and the migration of unbound ones.</summary>
public class BoundSecretTests
{
    private static readonly SecretProtector Protector = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_bound_value_decrypts_only_in_its_own_place()
    {
        var place = SecretContext.ServerSetting(7, "vless.password");
        var stored = Protector.Protect("panel-password-123", place);

        Assert.StartsWith("enc:v2:", stored, StringComparison.Ordinal);
        Assert.Equal("panel-password-123", Protector.Unprotect(stored, place));
        // Copied to another server, or to another field of the same server: refused.
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(stored, SecretContext.ServerSetting(8, "vless.password")));
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(stored, SecretContext.ServerSetting(7, "wireguard.ssh.sshPrivateKey")));
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(stored, SecretContext.ClientConfig(7, "tg_1_1", "privateKey")));
        // Nor does the old, unbound reading accept it.
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(stored));
    }

    [Fact]
    public void A_tampered_bound_value_is_refused()
    {
        var place = SecretContext.ClientConfig(3, "tg_42_1", "privateKey");
        var blob = Convert.FromBase64String(Protector.Protect("wireguard-private-key", place)["enc:v2:".Length..]);
        blob[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect("enc:v2:" + Convert.ToBase64String(blob), place));
    }

    [Fact]
    public void An_old_unbound_value_is_still_read_and_rebinding_moves_it_to_the_bound_format()
    {
        var place = SecretContext.ServerSetting(7, "vless.password");
        var old = Protector.Protect("panel-password-123");
        Assert.True(SecretProtector.IsUnbound(old));
        Assert.Equal("panel-password-123", Protector.Unprotect(old, place));

        var rebound = Protector.Rebind(old, place);

        Assert.False(SecretProtector.IsUnbound(rebound));
        Assert.Equal("panel-password-123", Protector.Unprotect(rebound, place));
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect(rebound, SecretContext.ServerSetting(9, "vless.password")));
        Assert.Equal(rebound, Protector.Rebind(rebound, place)); // already bound here: unchanged
        Assert.ThrowsAny<CryptographicException>(() => Protector.Rebind(rebound, SecretContext.ServerSetting(9, "vless.password")));
    }

    [Fact]
    public void Binding_a_servers_settings_migrates_old_and_plain_values_and_refuses_one_copied_from_another_server()
    {
        var settings = new JsonObject
        {
            ["vless"] = new JsonObject { ["url"] = "https://panel.example/", ["password"] = Protector.Protect("old-format-password") },
            ["wireguard"] = new JsonObject { ["ssh"] = new JsonObject { ["sshPrivateKey"] = "plain-ssh-key" } },
        };

        Assert.Equal(2, ServerSecrets.Bind(settings, 5, Protector));

        var password = settings["vless"]!["password"]!.GetValue<string>();
        var sshKey = settings["wireguard"]!["ssh"]!["sshPrivateKey"]!.GetValue<string>();
        Assert.Equal("old-format-password", Protector.Unprotect(password, SecretContext.ServerSetting(5, "vless.password")));
        Assert.Equal("plain-ssh-key", Protector.Unprotect(sshKey, SecretContext.ServerSetting(5, "wireguard.ssh.sshPrivateKey")));
        Assert.Equal("https://panel.example/", settings["vless"]!["url"]!.GetValue<string>());
        Assert.Equal(0, ServerSecrets.Bind(settings, 5, Protector)); // a second run changes nothing

        // Server 6's settings with server 5's password pasted in: refused, not silently accepted.
        var other = new JsonObject { ["vless"] = new JsonObject { ["password"] = password } };
        Assert.ThrowsAny<CryptographicException>(() => ServerSecrets.Bind(other, 6, Protector));
        // Same server, the value moved into another field: refused as well.
        var moved = new JsonObject { ["marzban"] = new JsonObject { ["password"] = password } };
        Assert.ThrowsAny<CryptographicException>(() => ServerSecrets.Bind(moved, 5, Protector));
    }
}
