using VpnBot.TestKit.RealVpn;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.IntegrationTests.Vpn.WireGuard;

/// <summary>Our keys against the real `wg` tool: same public keys, and each side accepts the other's keys.</summary>
public sealed class WireGuardKeyInteropTests
{
    [Fact]
    public async Task Our_public_key_equals_wg_pubkey_of_our_private_key()
    {
        RealVpnMachine.Require("wg");
        for (var i = 0; i < 10; i++)
        {
            var privateKey = WireGuardKeys.GeneratePrivateKey();
            var theirs = (await Exec.CheckInputAsync("wg", privateKey + "\n", "pubkey")).Trim();
            Assert.Equal(theirs, WireGuardKeys.PublicKeyOf(privateKey));
        }
    }

    [Fact]
    public async Task Keys_from_wg_genkey_and_genpsk_are_valid_and_give_the_same_public_key()
    {
        RealVpnMachine.Require("wg");
        for (var i = 0; i < 5; i++)
        {
            var privateKey = (await Exec.CheckAsync("wg", "genkey")).Trim();
            Assert.True(WireGuardKeys.IsValid(privateKey));
            Assert.Equal((await Exec.CheckInputAsync("wg", privateKey, "pubkey")).Trim(), WireGuardKeys.PublicKeyOf(privateKey));
            Assert.True(WireGuardKeys.IsValid((await Exec.CheckAsync("wg", "genpsk")).Trim()));
        }
    }

    [Fact]
    public async Task Wg_accepts_our_preshared_key()
    {
        RealVpnMachine.Require("wg");
        // `wg pubkey` parses any 32-byte key; a malformed one makes it fail.
        var result = await Exec.RunAsync("wg", ["pubkey"], WireGuardKeys.GeneratePresharedKey());
        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual(0, (await Exec.RunAsync("wg", ["pubkey"], "not-a-key")).ExitCode);
    }
}
