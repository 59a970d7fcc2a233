using System.Security.Cryptography;
using System.Text;

namespace VpnBot.Payments.CryptoPay;

/// <summary>
/// The <c>crypto-pay-api-signature</c> header: lowercase hex of HMAC-SHA-256 over the raw request body,
/// keyed with SHA-256 of the app token (reference §7.2). Verified over the exact received bytes, in constant time.
/// </summary>
public static class CryptoPaySignature
{
    public static string Compute(string token, ReadOnlySpan<byte> body) => Convert.ToHexStringLower(Hmac(token, body));

    public static bool Verify(string token, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader)) return false;
        var header = signatureHeader.Trim();
        if (header.Length != SHA256.HashSizeInBytes * 2) return false;
        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(header);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(claimed, Hmac(token, body));
    }

    private static byte[] Hmac(string token, ReadOnlySpan<byte> body)
    {
        Span<byte> key = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), key);
        return HMACSHA256.HashData(key, body);
    }
}
