using System.Text;
using VpnBot.Payments.CryptoPay;

namespace VpnBot.Core.Tests.Payments;

public class CryptoPaySignatureTests
{
    // Test vector from the reference (§7.2), computed independently of this code.
    private const string Token = "123456789:AAzQcZWQqQAbsfgPnOLr4FHC8Doa4L7KryC";
    private const string Body = "{\"update_id\":1,\"update_type\":\"invoice_paid\",\"request_date\":\"2025-01-01T00:00:00.000Z\",\"payload\":{\"invoice_id\":42,\"status\":\"paid\",\"payload\":\"order-1\"}}";
    private const string Signature = "2d4449ad5eb214467d9f4695664b3aee6445ef89e2a04c2e25ab9e045eea0488";

    [Fact]
    public void The_reference_test_vector_is_reproduced()
    {
        Assert.Equal(150, Encoding.UTF8.GetByteCount(Body));
        Assert.Equal(Signature, CryptoPaySignature.Compute(Token, Encoding.UTF8.GetBytes(Body)));
        Assert.True(CryptoPaySignature.Verify(Token, Signature, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Uppercase_hex_and_surrounding_spaces_are_accepted()
    {
        Assert.True(CryptoPaySignature.Verify(Token, " " + Signature.ToUpperInvariant() + " ", Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-hex-at-all")]
    [InlineData("2d4449ad5eb214467d9f4695664b3aee6445ef89e2a04c2e25ab9e045eea048")] // one digit short
    [InlineData("2d4449ad5eb214467d9f4695664b3aee6445ef89e2a04c2e25ab9e045eea0489")] // last bit flipped
    [InlineData("zz4449ad5eb214467d9f4695664b3aee6445ef89e2a04c2e25ab9e045eea0488")]
    public void Anything_but_the_exact_signature_is_rejected(string? header)
    {
        Assert.False(CryptoPaySignature.Verify(Token, header, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Re_serialised_json_with_the_same_meaning_does_not_verify()
    {
        var spaced = Body.Replace(",", ", ", StringComparison.Ordinal);
        Assert.False(CryptoPaySignature.Verify(Token, Signature, Encoding.UTF8.GetBytes(spaced)));
    }

    [Fact]
    public void Another_apps_token_does_not_verify()
    {
        Assert.False(CryptoPaySignature.Verify("987654321:AnotherToken", Signature, Encoding.UTF8.GetBytes(Body)));
    }
}
