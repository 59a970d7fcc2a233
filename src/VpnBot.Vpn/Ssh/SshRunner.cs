using Microsoft.Extensions.Logging;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Ssh;

/// <summary>
/// Runs one provider operation over SSH: connect, run its commands, disconnect. Transient failures
/// (unreachable, timeout) are retried with exponential backoff, so the work must be idempotent,
/// which every provider operation is. Logs name the operation and host, never commands or output.
/// </summary>
public sealed class SshRunner(ISshConnector connector, SshOptions options, TimeProvider time, ILogger<SshRunner> logger)
{
    public async Task<T> ExecuteAsync<T>(SshTarget target, string operation, Func<SshShell, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = await connector.ConnectAsync(target, ct);
                return await work(new SshShell(session, ct));
            }
            catch (VpnBackendException e) when (e.IsTransient && attempt < options.Attempts)
            {
                var delay = options.RetryDelay * Math.Pow(2, attempt - 1);
                logger.LogWarning("SSH {Operation} on {Target} failed ({Error}), attempt {Attempt}/{Attempts}; retrying in {Delay}",
                    operation, target, e.Error, attempt, options.Attempts, delay);
                await Task.Delay(delay, time, ct);
            }
            catch (VpnBackendException e)
            {
                logger.LogError("SSH {Operation} on {Target} failed ({Error}): {Message}", operation, target, e.Error, e.Message);
                throw;
            }
        }
    }

    public Task ExecuteAsync(SshTarget target, string operation, Func<SshShell, Task> work, CancellationToken ct) =>
        ExecuteAsync(target, operation, async shell =>
        {
            await work(shell);
            return true;
        }, ct);
}

/// <summary>A connected session as providers see it: a non-zero exit is a typed rejection.</summary>
public sealed class SshShell(ISshSession session, CancellationToken ct)
{
    /// <summary>Runs the command; exit status other than 0 → VpnBackendException (Rejected) carrying scrubbed stderr.</summary>
    public async Task<string> RunAsync(string commandLine, string? stdin = null)
    {
        var result = await session.RunAsync(commandLine, stdin, ct);
        if (result.ExitCode == 0) return result.Stdout;
        var secrets = stdin is null ? null : new[] { stdin, stdin.Trim() };
        throw new VpnBackendException(VpnBackendError.Rejected,
            $"Remote command failed with exit status {result.ExitCode}: {SecretScrubber.Scrub(result.Stderr, secrets)}");
    }

    /// <summary>Runs the command and hands back the exit status and output as they are.</summary>
    public Task<SshCommandResult> TryRunAsync(string commandLine) => session.RunAsync(commandLine, null, ct);
}
