using System.Globalization;

namespace VpnBot.Bench.Payments;

internal sealed class Latencies(IReadOnlyList<double> milliseconds)
{
    private readonly double[] _sorted = [.. milliseconds.Order()];

    public int Count => _sorted.Length;

    public double Percentile(double p) => _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(50):F1} ms, p95 {Percentile(95):F1} ms, p99 {Percentile(99):F1} ms, max {_sorted[^1]:F1} ms");
}
