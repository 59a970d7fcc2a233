using System.Security.Cryptography;
using System.Text;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>
/// An "OpenVPN Static key V1" as `openvpn --genkey secret ta.key` writes it: 2048 random bits as
/// 16 lines of 32 hex digits between the BEGIN/END markers, after a '#' comment header. Used for tls-crypt.
/// </summary>
public static class OpenVpnStaticKey
{
    private const string Begin = "-----BEGIN OpenVPN Static key V1-----";
    private const string End = "-----END OpenVPN Static key V1-----";
    private const int KeyBytes = 256;

    public static string Generate()
    {
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyBytes));
        var text = new StringBuilder("#\n# 2048 bit OpenVPN static key\n#\n").Append(Begin).Append('\n');
        for (var i = 0; i < hex.Length; i += 32) text.Append(hex, i, 32).Append('\n');
        return text.Append(End).Append('\n').ToString();
    }

    /// <summary>True when the text holds exactly one well-formed 2048-bit static key.</summary>
    public static bool IsValid(string? text)
    {
        if (text is null) return false;
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.TrimEntries);
        var begin = Array.IndexOf(lines, Begin);
        var end = Array.IndexOf(lines, End);
        if (begin < 0 || end != begin + 17) return false;
        if (lines[..begin].Any(l => l.Length > 0 && !l.StartsWith('#'))) return false;
        if (lines[(end + 1)..].Any(l => l.Length > 0)) return false;
        return lines[(begin + 1)..end].All(l => l.Length == 32 && l.All(char.IsAsciiHexDigit));
    }
}
