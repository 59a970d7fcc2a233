using Serilog.Events;
using Serilog.Formatting;

namespace VpnBot.Host.Logging;

/// <summary>
/// The console's text pass over what <see cref="RedactingSink"/> already cleaned: renders with the inner
/// formatter, then blanks anything shaped like a bot token and every configured secret value once more.
/// The first line of defence is not logging them at all (HttpClient request logs, which carry the token in
/// the URL, are turned down to warnings).
/// </summary>
public sealed class RedactingFormatter(ITextFormatter inner, IEnumerable<string> secrets) : ITextFormatter
{
    private readonly SecretRedactor _redactor = new(secrets);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(Redact(buffer.ToString()));
    }

    public string Redact(string text) => _redactor.Redact(text);
}
