using System.Text.RegularExpressions;

namespace VpnBot.Vpn.Ssh;

/// <summary>
/// Cleans remote output before it becomes an error message: tools such as `wg` echo a bad key back
/// on stderr, so anything shaped like a 32-byte base64 key, and every secret we sent, is masked.
/// </summary>
public static partial class SecretScrubber
{
    private const int MaxLength = 400;

    public static string Scrub(string? text, IEnumerable<string>? secrets = null)
    {
        if (string.IsNullOrEmpty(text)) return "";
        foreach (var secret in secrets ?? [])
            if (secret.Length >= 8) text = text.Replace(secret, "***", StringComparison.Ordinal);
        text = KeyShape().Replace(text, "***");
        text = PemBlock().Replace(text, "***");
        text = text.Trim();
        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }

    [GeneratedRegex("[A-Za-z0-9+/]{42,43}=")]
    private static partial Regex KeyShape();

    [GeneratedRegex("-----BEGIN [^-]+-----[\\s\\S]*?(-----END [^-]+-----|$)")]
    private static partial Regex PemBlock();
}
