using System.Security.Cryptography;
using VpnBot.Core.Security;

namespace VpnBot.Core.Tests.Security;

public class SecretProtectorTests
{
    private static readonly SecretProtector Protector = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Protected_value_round_trips_and_hides_the_plaintext()
    {
        var stored = Protector.Protect("panel-password-123");
        Assert.DoesNotContain("panel-password", stored, StringComparison.Ordinal);
        Assert.Equal("panel-password-123", Protector.Unprotect(stored));
    }

    [Fact]
    public void Tampered_ciphertext_is_rejected()
    {
        var stored = Protector.Protect("secret");
        var blob = Convert.FromBase64String(stored["enc:v1:".Length..]);
        blob[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => Protector.Unprotect("enc:v1:" + Convert.ToBase64String(blob)));
    }

    [Fact]
    public void A_different_key_cannot_decrypt()
    {
        var other = new SecretProtector(RandomNumberGenerator.GetBytes(32));
        Assert.ThrowsAny<CryptographicException>(() => other.Unprotect(Protector.Protect("secret")));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("c2hvcnQ=", false)]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", true)]
    public void Key_parsing_accepts_only_32_byte_base64(string text, bool ok) =>
        Assert.Equal(ok, SecretProtector.TryParseKey(text, out _));
}
