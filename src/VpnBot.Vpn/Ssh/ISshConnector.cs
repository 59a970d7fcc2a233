namespace VpnBot.Vpn.Ssh;

/// <summary>Opens authenticated SSH sessions. Failures surface as VpnBackendException with a typed error.</summary>
public interface ISshConnector
{
    Task<ISshSession> ConnectAsync(SshTarget target, CancellationToken ct);
}

/// <summary>One connected SSH session; each command runs in its own exec channel.</summary>
public interface ISshSession : IAsyncDisposable
{
    /// <param name="commandLine">A shell command line built only from quoted, validated parts (never secrets).</param>
    /// <param name="stdin">Data for the command's standard input (this is how secrets travel), or null.</param>
    Task<SshCommandResult> RunAsync(string commandLine, string? stdin, CancellationToken ct);
}

public sealed record SshCommandResult(int ExitCode, string Stdout, string Stderr);
