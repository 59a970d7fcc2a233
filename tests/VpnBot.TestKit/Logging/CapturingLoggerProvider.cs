using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VpnBot.TestKit.Logging;

/// <summary>Keeps every log line (all levels, with exceptions and scopes) so tests can search it, e.g. for leaked secrets.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public string All => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
            // Structured values too: a secret passed as a parameter but left out of the template still counts.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            owner._lines.Enqueue($"{logLevel} {category} [{string.Join(" | ", scopes)}] {formatter(state, exception)} {values} {exception}");
        }
    }
}
