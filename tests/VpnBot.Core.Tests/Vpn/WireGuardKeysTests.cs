using FsCheck.Xunit;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.Core.Tests.Vpn;

public class WireGuardKeysTests
{
    [Fact]
    public void Rfc7748_alice_test_vector()
    {
        // RFC 7748 §6.1 Alice: private 77076d0a…2c2a → public 8520f009…6a.
        Assert.Equal("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=", WireGuardKeys.PublicKeyOf("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo="));
    }

    [Fact]
    public void Generated_private_keys_are_clamped_44_character_base64()
    {
        for (var i = 0; i < 200; i++)
        {
            var key = WireGuardKeys.GeneratePrivateKey();
            Assert.Equal(44, key.Length);
            var bytes = Convert.FromBase64String(key);
            Assert.Equal(0, bytes[0] & 7);
            Assert.Equal(0x40, bytes[31] & 0xC0);
        }
    }

    [Property]
    public bool Clamping_does_not_change_the_public_key(byte[] seed)
    {
        var raw = new byte[32];
        seed.AsSpan(0, Math.Min(32, seed.Length)).CopyTo(raw);
        var clamped = raw.ToArray();
        WireGuardKeys.Clamp(clamped);
        return WireGuardKeys.PublicKeyOf(Convert.ToBase64String(raw)) == WireGuardKeys.PublicKeyOf(Convert.ToBase64String(clamped));
    }

    [Fact]
    public void Keys_and_preshared_keys_are_random()
    {
        Assert.NotEqual(WireGuardKeys.GeneratePrivateKey(), WireGuardKeys.GeneratePrivateKey());
        Assert.NotEqual(WireGuardKeys.GeneratePresharedKey(), WireGuardKeys.GeneratePresharedKey());
        Assert.True(WireGuardKeys.IsValid(WireGuardKeys.GeneratePresharedKey()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo")]
    [InlineData("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo==")]
    [InlineData("hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo=")]
    [InlineData("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066Spjq bTmo=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Malformed_keys_are_not_valid(string? key)
    {
        Assert.False(WireGuardKeys.IsValid(key));
        if (key is not null) Assert.Throws<ArgumentException>(() => WireGuardKeys.PublicKeyOf(key));
    }
}
