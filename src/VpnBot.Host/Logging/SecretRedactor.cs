using System.Text.RegularExpressions;

namespace VpnBot.Host.Logging;

/// <summary>Blanks every known secret value and anything shaped like a bot token in a piece of log text.</summary>
public sealed partial class SecretRedactor(IEnumerable<string> secrets)
{
    // Shorter values would blank ordinary words; every real secret here is longer.
    private readonly string[] _secrets = secrets.Where(s => s.Length >= 6).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        return BotToken().Replace(text, "$1:***");
    }

    [GeneratedRegex(@"(?<!\d)(\d{5,16}):[A-Za-z0-9_-]{30,}")]
    private static partial Regex BotToken();
}
