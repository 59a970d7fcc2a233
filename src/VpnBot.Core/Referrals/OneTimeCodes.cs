using System.Security.Cryptography;

namespace VpnBot.Core.Referrals;

/// <summary>
/// Random codes for links (invite and gift). Lower-case letters and digits without look-alikes (0/o, 1/l), so a
/// code read aloud or retyped still works; <see cref="RandomNumberGenerator"/> so codes cannot be predicted.
/// </summary>
public static class OneTimeCodes
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>A code as it may arrive from a link: right length and alphabet (case-insensitive), else null.</summary>
    public static string? Normalize(string? raw, int length)
    {
        if (raw is null || raw.Length != length) return null;
        var code = raw.ToLowerInvariant();
        return code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }
}
