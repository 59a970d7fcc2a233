using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VpnBot.IntegrationTests.Infrastructure;

/// <summary>A redis-server of the test's own (the shared one must not be stopped), killed by the PID it started.</summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly Process _process;

    private PrivateRedis(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port},connectTimeout=500,syncTimeout=1000,asyncTimeout=1000";

    public static async Task<PrivateRedis> StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (is the redis-server package installed?)");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new PrivateRedis(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        process.Kill();
        throw new InvalidOperationException($"redis-server did not listen on {port}.");
    }

    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
