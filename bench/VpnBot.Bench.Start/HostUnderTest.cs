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

    /// <summary>
    /// Waits until the host and the machine are quiet: the host below a tenth of a core and the
    /// machine at least 80% idle for two consecutive quarter-seconds (or <paramref name="max"/> passes).
    /// After a burst the host still writes queued activity rows and PostgreSQL analyzes the new
    /// rows; a steady-rate measurement started in the middle of that measures the burst's tail.
    /// </summary>
    public async Task<TimeSpan> WaitUntilQuietAsync(TimeSpan max)
    {
        var clock = Stopwatch.StartNew();
        var window = TimeSpan.FromMilliseconds(250);
        var quietWindows = 0;
        var (cpu, machine) = (CpuTime(), MachineTicks());
        while (clock.Elapsed < max && quietWindows < 2)
        {
            await Task.Delay(window);
            var (cpuNow, machineNow) = (CpuTime(), MachineTicks());
            var hostCores = (cpuNow - cpu) / window;
            var idle = (double)(machineNow.Idle - machine.Idle) / Math.Max(1, machineNow.Total - machine.Total);
            quietWindows = hostCores < 0.1 && idle > 0.8 ? quietWindows + 1 : 0;
            (cpu, machine) = (cpuNow, machineNow);
        }
        return clock.Elapsed;
    }

    /// <summary>All CPUs' jiffies from /proc/stat: idle (idle + iowait) and total.</summary>
    private static (long Idle, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (fields[3] + fields[4], fields.Take(8).Sum());
    }

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
