using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Ssh;

/// <summary>
/// SSH.NET behind <see cref="ISshConnector"/>: public-key authentication only, the host key checked
/// against the pinned fingerprint before any credential is sent, connect and command timeouts.
/// </summary>
public sealed class SshNetConnector(SshOptions options) : ISshConnector
{
    public async Task<ISshSession> ConnectAsync(SshTarget target, CancellationToken ct)
    {
        var key = LoadKey(target);
        var info = new ConnectionInfo(target.Host, target.Port, target.Username, new PrivateKeyAuthenticationMethod(target.Username, key))
        {
            Timeout = options.ConnectTimeout,
        };
        var client = new SshClient(info);
        string? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            var fingerprint = e.FingerPrintSHA256.TrimEnd('=');
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(fingerprint), Encoding.ASCII.GetBytes(target.HostKeySha256)))
                return;
            presented = fingerprint;
            e.CanTrust = false;
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await client.ConnectAsync(timeout.Token);
            return new Session(client, options);
        }
        catch (Exception e) when (presented is not null)
        {
            client.Dispose();
            throw new VpnBackendException(VpnBackendError.Misconfigured,
                $"SSH host key of {target.Host}:{target.Port} is SHA256:{presented}, but SHA256:{target.HostKeySha256} is pinned; refusing to connect.", e);
        }
        catch (Exception e)
        {
            client.Dispose();
            throw Translate(e, target, "connect", ct);
        }
    }

    private static PrivateKeyFile LoadKey(SshTarget target)
    {
        try
        {
            return new PrivateKeyFile(new MemoryStream(Encoding.UTF8.GetBytes(target.PrivateKeyPem)));
        }
        catch (Exception e) when (e is SshException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException or CryptographicException)
        {
            // The parser's message may quote the key material; keep only its type.
            throw new VpnBackendException(VpnBackendError.Misconfigured,
                $"SSH private key for {target} is not a usable OpenSSH/PEM private key ({e.GetType().Name}).");
        }
    }

    internal static VpnBackendException Translate(Exception e, SshTarget target, string step, CancellationToken callerToken) => e switch
    {
        VpnBackendException known => known,
        OperationCanceledException when callerToken.IsCancellationRequested => throw new OperationCanceledException(callerToken),
        OperationCanceledException or SshOperationTimeoutException or TimeoutException =>
            new(VpnBackendError.Timeout, $"SSH {step} to {target} timed out.", e),
        SshAuthenticationException =>
            new(VpnBackendError.Unauthorized, $"SSH login to {target} was refused (public key not accepted).", e),
        SocketException or SshConnectionException or ProxyException or IOException or ObjectDisposedException =>
            new(VpnBackendError.Unreachable, $"SSH {step} to {target} failed: {e.GetType().Name}.", e),
        _ => new(VpnBackendError.Unreachable, $"SSH {step} to {target} failed unexpectedly: {e.GetType().Name}.", e),
    };

    private sealed class Session(SshClient client, SshOptions options) : ISshSession
    {
        public async Task<SshCommandResult> RunAsync(string commandLine, string? stdin, CancellationToken ct)
        {
            using var command = client.CreateCommand(commandLine);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.CommandTimeout);
            try
            {
                var running = command.ExecuteAsync(timeout.Token);
                // Always close stdin: a command that reads it must see EOF, not wait for the timeout.
                await using (var input = command.CreateInputStream())
                {
                    if (stdin is not null) await input.WriteAsync(Encoding.UTF8.GetBytes(stdin), timeout.Token);
                }
                await running;
                return new SshCommandResult(command.ExitStatus ?? -1, command.Result, command.Error);
            }
            catch (Exception e)
            {
                var target = $"{client.ConnectionInfo.Username}@{client.ConnectionInfo.Host}:{client.ConnectionInfo.Port}";
                throw e switch
                {
                    OperationCanceledException when ct.IsCancellationRequested => new OperationCanceledException(ct),
                    OperationCanceledException or SshOperationTimeoutException =>
                        new VpnBackendException(VpnBackendError.Timeout, $"SSH command on {target} timed out after {options.CommandTimeout.TotalSeconds:0}s.", e),
                    _ => new VpnBackendException(VpnBackendError.Unreachable, $"SSH command on {target} failed: {e.GetType().Name}.", e),
                };
            }
        }

        public ValueTask DisposeAsync()
        {
            try { client.Disconnect(); }
            catch (Exception e) when (e is SshException or SocketException or ObjectDisposedException or InvalidOperationException) { /* already gone */ }
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
