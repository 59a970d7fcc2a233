using System.Globalization;

namespace VpnBot.Bench.Start;

public sealed class BenchReport
{
    public int Burst { get; init; }
    public int Rate { get; init; }
    public int SteadySeconds { get; init; }
    public double OursPerSecond { get; set; }
    public double OursBurstP50 { get; set; }
    public double OursBurstP99 { get; set; }
    public double OursCpuSecondsPerThousand { get; set; }
    public double FloorPerSecond { get; set; }
    public double FloorBurstP50 { get; set; }
    public double FloorBurstP99 { get; set; }
    public double SettleSeconds { get; set; }
    public double SteadyP50 { get; set; }
    public double SteadyP99 { get; set; }
    public double SteadyMax { get; set; }
    public double PeakMemoryMb { get; set; }
    public double WarmMemoryMb { get; set; }
    public int HostWarnings { get; set; }
    public int HostErrors { get; set; }
    public IReadOnlyList<string> HostProblems { get; set; } = [];

    public bool MeetsTargets => OursPerSecond >= 5000 && SteadyP99 < 10 && PeakMemoryMb < 250 && HostErrors == 0;

    public void Print(TextWriter w)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine(string.Create(c, $"/start benchmark on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        w.WriteLine(string.Create(c, $"  burst  ({Burst} users): ours {OursPerSecond,8:0} updates/s  p50 {OursBurstP50,7:0.0} ms  p99 {OursBurstP99,7:0.0} ms  host CPU {OursCpuSecondsPerThousand:0.000} s/1000 updates"));
        w.WriteLine(string.Create(c, $"  burst  ({Burst} users): floor {FloorPerSecond,7:0} updates/s  p50 {FloorBurstP50,7:0.0} ms  p99 {FloorBurstP99,7:0.0} ms"));
        w.WriteLine(string.Create(c, $"  ratio ours/floor: {OursPerSecond / FloorPerSecond:0.00}"));
        w.WriteLine(string.Create(c, $"  steady ({Rate}/s for {SteadySeconds} s): p50 {SteadyP50:0.00} ms  p99 {SteadyP99:0.00} ms  max {SteadyMax:0.0} ms  (started once the host was quiet, {SettleSeconds:0.0} s after the burst)"));
        w.WriteLine(string.Create(c, $"  host peak memory (VmHWM): {PeakMemoryMb:0.0} MB (after warm-up: {WarmMemoryMb:0.0} MB)"));
        // The bench runs only the client bot: the other two say once that they are disabled.
        w.WriteLine(string.Create(c, $"  host log: {HostWarnings} warnings, {HostErrors} errors"));
        foreach (var line in HostProblems) w.WriteLine("    " + line);
        w.WriteLine($"  targets (>= 5000/s burst, steady p99 < 10 ms, peak < 250 MB, no host errors): {(MeetsTargets ? "met" : "NOT met")}");
    }
}
