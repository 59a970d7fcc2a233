using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace VpnBot.TestKit.Hosting;

/// <summary>
/// The published VpnBot.Host running as its own process, as in production, on a loopback port the
/// benchmark chose (payment notifications are POSTed to it). Its console log is watched: warnings and
/// errors are counted and the first and last lines kept, so a run says what went wrong.
/// </summary>
public sealed class PublishedHost : IAsyncDisposable
{
    private const int KeptLines = 20;
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly List<string> _firstProblems = [];
    private int _warnings;
    private int _errors;

    private PublishedHost(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Warnings => Volatile.Read(ref _warnings);

    public int Errors => Volatile.Read(ref _errors);

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> LastLines()
    {
        lock (_lastLines) return [.. _lastLines];
    }

    /// <summary>The first warning and error lines (up to <see cref="KeptLines"/>).</summary>
    public IReadOnlyList<string> FirstProblems()
    {
        lock (_lastLines) return [.. _firstProblems];
    }

    public static async Task<int> RunVerbAsync(string dll, IDictionary<string, string> env, params string[] args)
    {
        using var p = Process.Start(StartInfo(dll, env, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) await Console.Error.WriteLineAsync(await stdout + await stderr);
        return p.ExitCode;
    }

    public static PublishedHost Start(string dll, IDictionary<string, string> env)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var withUrl = new Dictionary<string, string>(env) { ["ASPNETCORE_URLS"] = baseUrl };
        var p = Process.Start(StartInfo(dll, withUrl, []))!;
        var host = new PublishedHost(p, baseUrl);
        // Drain output so the pipe never blocks the host.
        p.OutputDataReceived += (_, e) => host.Observe(e.Data);
        p.ErrorDataReceived += (_, e) => host.Observe(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until /health/ready answers 200 (PostgreSQL and Redis reachable), or fails with the host's last lines.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) break;
            try
            {
                using var response = await http.GetAsync(BaseUrl + "/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"The host did not become ready within {timeout.TotalSeconds:0} s"
            + (_process.HasExited ? $" (exited with {_process.ExitCode})" : "") + ":\n" + string.Join("\n", LastLines()));
    }

    /// <summary>Peak resident memory of the host since it started (VmHWM), in MB.</summary>
    public double PeakMemoryMb() => ReadStatusKb("VmHWM:") / 1024.0;

    public double CurrentMemoryMb() => ReadStatusKb("VmRSS:") / 1024.0;

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Observe(string? line)
    {
        if (line is null) return;
        // Serilog's console template: "[HH:mm:ss WRN] ...".
        var warning = line.Contains(" WRN]", StringComparison.Ordinal);
        var error = line.Contains(" ERR]", StringComparison.Ordinal) || line.Contains(" FTL]", StringComparison.Ordinal);
        if (warning) Interlocked.Increment(ref _warnings);
        if (error) Interlocked.Increment(ref _errors);
        var kept = line.Length > 400 ? line[..400] + "…" : line;
        lock (_lastLines)
        {
            if ((warning || error) && _firstProblems.Count < KeptLines) _firstProblems.Add(kept);
            _lastLines.Enqueue(kept);
            while (_lastLines.Count > KeptLines) _lastLines.Dequeue();
        }
    }

    private long ReadStatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>All CPUs' jiffies from /proc/stat: idle (idle + iowait) and total.</summary>
    private static (long Idle, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields[3] + fields[4], fields.Take(8).Sum());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessStartInfo StartInfo(string dll, IDictionary<string, string> env, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        return info;
    }
}
