using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace VpnBot.Host.Logging;

/// <summary>
/// Stands in front of the console and every sink <c>Serilog:WriteTo</c> adds (a file, Seq, ...) and hands
/// them the event with every secret blanked: in the message template, in every property however deeply
/// nested, and in the exception text. Redacting the event rather than one sink's output is what keeps a
/// sink an operator adds later through configuration safe too.
/// </summary>
public sealed class RedactingSink(ILogEventSink inner, SecretRedactor redactor) : ILogEventSink, IDisposable
{
    private static readonly MessageTemplateParser Parser = new();

    public void Emit(LogEvent logEvent) => inner.Emit(Redact(logEvent));

    public LogEvent Redact(LogEvent e)
    {
        var text = redactor.Redact(e.MessageTemplate.Text);
        var template = text == e.MessageTemplate.Text ? e.MessageTemplate : Parser.Parse(text);
        var properties = e.Properties.Select(p => new LogEventProperty(p.Key, Redact(p.Value))).ToList();
        return new LogEvent(e.Timestamp, e.Level, Redact(e.Exception), template, properties, e.TraceId ?? default, e.SpanId ?? default);
    }

    private LogEventPropertyValue Redact(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: null or bool or char or byte or sbyte or short or ushort or int or uint or long or ulong or float or double
            or decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum } => value,
        // Strings, and anything else a sink renders as text: a Uri (HttpClient logs carry the bot token in the path), ...
        ScalarValue scalar => scalar.Value.ToString() is { } s && redactor.Redact(s) is var r && r != s ? new ScalarValue(r) : value,
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(Redact)),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Value))), structure.TypeTag),
        DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(kv =>
            new KeyValuePair<ScalarValue, LogEventPropertyValue>((ScalarValue)Redact(kv.Key), Redact(kv.Value)))),
        _ => value,
    };

    private Exception? Redact(Exception? exception)
    {
        if (exception is null) return null;
        var text = exception.ToString();
        var redacted = redactor.Redact(text);
        return redacted == text ? exception : new RedactedException(redactor.Redact(exception.Message), redacted);
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}

/// <summary>An exception whose text held a secret, as the sinks see it: its message and full text (type, stack trace) redacted.</summary>
public sealed class RedactedException(string message, string text) : Exception(message)
{
    public override string ToString() => text;
}
