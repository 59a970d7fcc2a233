using System.Text.RegularExpressions;
using Serilog.Events;
using Serilog.Formatting;

namespace VpnBot.Host.Logging;

/// <summary>
/// Last line of defence for secrets in logs: renders with the inner formatter, then blanks
/// anything shaped like a bot token and every configured secret value. The first line of
/// defence is not logging them at all (HttpClient request logs, which carry the token in the
/// URL, are turned down to warnings).
/// </summary>
public sealed partial class RedactingFormatter(ITextFormatter inner, IEnumerable<string> secrets) : ITextFormatter
{
    private readonly string[] _secrets = secrets.Where(s => s.Length >= 6).Distinct().OrderByDescending(s => s.Length).ToArray();

    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(Redact(buffer.ToString()));
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        return BotToken().Replace(text, "$1:***");
    }

    [GeneratedRegex(@"(?<!\d)(\d{5,16}):[A-Za-z0-9_-]{30,}")]
    private static partial Regex BotToken();
}
