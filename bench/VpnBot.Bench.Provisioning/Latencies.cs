using System.Collections.Concurrent;
using System.Diagnostics;

namespace VpnBot.Bench.Provisioning;

/// <summary>Wall-clock latency samples (ms) and the throughput of the bursts that produced them.</summary>
public sealed class Latencies
{
    private readonly ConcurrentBag<double> _samples = [];
    private double _busySeconds;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Runs <paramref name="work"/> for every item at once and records each item's latency and the burst's duration.</summary>
    public async Task BurstAsync<T>(IReadOnlyList<T> items, Func<T, Task> work)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(items.Select(async item =>
        {
            await Task.Yield();
            var t = Stopwatch.GetTimestamp();
            await work(item);
            _samples.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            Interlocked.Increment(ref _count);
        }));
        _busySeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    public double PerSecond => Count / _busySeconds;

    public double Percentile(double q)
    {
        var sorted = _samples.ToArray();
        Array.Sort(sorted);
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
