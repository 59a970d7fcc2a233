using System.Collections.Concurrent;
using VpnBot.Vpn.Ssh;

namespace VpnBot.TestKit.RealVpn;

/// <summary>Wraps the real connector and keeps every command line sent, so tests can check none carries a secret.</summary>
public sealed class RecordingSshConnector(ISshConnector inner) : ISshConnector
{
    private readonly ConcurrentQueue<string> _commands = new();

    public IReadOnlyCollection<string> CommandLines => _commands;

    public async Task<ISshSession> ConnectAsync(SshTarget target, CancellationToken ct) =>
        new Session(await inner.ConnectAsync(target, ct), _commands);

    private sealed class Session(ISshSession inner, ConcurrentQueue<string> commands) : ISshSession
    {
        public Task<SshCommandResult> RunAsync(string commandLine, string? stdin, CancellationToken ct)
        {
            commands.Enqueue(commandLine);
            return inner.RunAsync(commandLine, stdin, ct);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
