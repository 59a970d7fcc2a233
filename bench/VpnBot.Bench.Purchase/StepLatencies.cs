using System.Collections.Concurrent;

namespace VpnBot.Bench.Purchase;

/// <summary>Latencies per step (ms) and the failures, by step, of a set of simulated customers.</summary>
public sealed class StepLatencies
{
    private readonly ConcurrentDictionary<Step, ConcurrentBag<double>> _samples = new();
    private readonly ConcurrentBag<(Step Step, string Error)> _failures = [];
    private readonly ConcurrentDictionary<Step, long> _lastAt = new();

    /// <summary>A step of one customer took <paramref name="elapsed"/> and ended at <paramref name="endedAt"/> (Stopwatch timestamp).</summary>
    public void Record(Step step, TimeSpan elapsed, long endedAt)
    {
        _samples.GetOrAdd(step, _ => []).Add(elapsed.TotalMilliseconds);
        _lastAt.AddOrUpdate(step, endedAt, (_, last) => Math.Max(last, endedAt));
    }

    public void Fail(Step step, string error) => _failures.Add((step, error));

    /// <summary>When the last customer finished <paramref name="step"/> (Stopwatch timestamp), or null if none did.</summary>
    public long? LastAt(Step step) => _lastAt.TryGetValue(step, out var at) ? at : null;

    public int Completed(Step step) => _samples.TryGetValue(step, out var bag) ? bag.Count : 0;

    public IReadOnlyList<(Step Step, string Error)> Failures => [.. _failures];

    public StepSummary Summary(Step step)
    {
        var sorted = _samples.TryGetValue(step, out var bag) ? bag.ToArray() : [];
        Array.Sort(sorted);
        if (sorted.Length == 0) return new StepSummary(step, 0, double.NaN, double.NaN, double.NaN);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new StepSummary(step, sorted.Length, At(0.50), At(0.99), sorted[^1]);
    }
}

public sealed record StepSummary(Step Step, int Count, double P50, double P99, double Max);
