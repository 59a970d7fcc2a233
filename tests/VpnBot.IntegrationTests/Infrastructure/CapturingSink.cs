using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace VpnBot.IntegrationTests.Infrastructure;

/// <summary>Keeps every log event the host writes, rendered without any redaction, for assertions.</summary>
public sealed class CapturingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    /// <summary>Message, properties and exception text of every event, as one string per event.</summary>
    public IEnumerable<string> RenderedLines() => _events.Select(e =>
        e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " " +
        string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}")) + " " + e.Exception);
}
