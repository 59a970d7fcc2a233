using System.Diagnostics;

namespace VpnBot.Bench.Start;

/// <summary>The published VpnBot.Host running as its own process, as in production.</summary>
public sealed class HostUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private HostUnderTest(Process process) => _process = process;

    public static async Task<int> RunVerbAsync(string dll, IDictionary<string, string> env, params string[] args)
    {
        using var p = Process.Start(Start(dll, env, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) Console.Error.WriteLine(await stdout + await stderr);
        return p.ExitCode;
    }

    public static HostUnderTest Start(string dll, IDictionary<string, string> env)
    {
        var p = Process.Start(Start(dll, env, []))!;
        // Drain output so the pipe never blocks the host.
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        return new HostUnderTest(p);
    }

    /// <summary>Peak resident memory of the host since it started (VmHWM), in MB.</summary>
    public double PeakMemoryMb() => ReadStatusKb("VmHWM:") / 1024.0;

    public double CurrentMemoryMb() => ReadStatusKb("VmRSS:") / 1024.0;

    private long ReadStatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }

    public TimeSpan CpuTime() { _process.Refresh(); return _process.TotalProcessorTime; }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static ProcessStartInfo Start(string dll, IDictionary<string, string> env, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        return info;
    }
}
