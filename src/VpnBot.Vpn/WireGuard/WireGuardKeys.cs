using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace VpnBot.Vpn.WireGuard;

/// <summary>
/// WireGuard keys made in-process, exactly as `wg genkey | wg pubkey` and `wg genpsk` make them:
/// 32 bytes as standard padded base64 (44 characters); private keys clamped per RFC 7748.
/// </summary>
public static class WireGuardKeys
{
    public const int EncodedLength = 44;

    public static string GeneratePrivateKey()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        Clamp(key);
        return Convert.ToBase64String(key);
    }

    public static string GeneratePresharedKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string PublicKeyOf(string privateKey)
    {
        var scalar = Decode(privateKey, nameof(privateKey));
        var point = new byte[X25519.PointSize];
        X25519.ScalarMultBase(scalar, 0, point, 0);
        return Convert.ToBase64String(point);
    }

    /// <summary>RFC 7748 §5: clear the low 3 bits and the top bit, set bit 254.</summary>
    public static void Clamp(Span<byte> key)
    {
        key[0] &= 248;
        key[31] &= 127;
        key[31] |= 64;
    }

    /// <summary>True for exactly 44 characters of standard base64 encoding 32 bytes (what `wg` accepts).</summary>
    public static bool IsValid(string? key)
    {
        if (key is null || key.Length != EncodedLength || key[^1] != '=' || key[^2] == '=') return false;
        Span<byte> bytes = stackalloc byte[33];
        return Convert.TryFromBase64String(key, bytes, out var written) && written == 32;
    }

    private static byte[] Decode(string key, string name) =>
        IsValid(key) ? Convert.FromBase64String(key) : throw new ArgumentException("Not a WireGuard key (44 characters of base64).", name);
}
