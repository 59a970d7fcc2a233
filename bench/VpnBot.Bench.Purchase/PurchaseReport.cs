using System.Globalization;

namespace VpnBot.Bench.Purchase;

public sealed class PurchaseReport
{
    public required int Users { get; init; }
    public required int Warmup { get; init; }
    public required double Seconds { get; init; }
    public required int Purchases { get; init; }
    public required IReadOnlyList<StepSummary> Steps { get; init; }
    public required IReadOnlyList<(Step Step, string Error)> Failures { get; init; }
    public required IReadOnlyList<Check> Checks { get; init; }
    public required double CheckoutSeconds { get; init; }
    public required double IdleMemoryMb { get; init; }
    public required double WarmMemoryMb { get; init; }
    public required double PeakMemoryMb { get; init; }
    public required double EndMemoryMb { get; init; }
    public required double HostCpuSeconds { get; init; }
    public required string LoadBefore { get; init; }
    public required string LoadAfter { get; init; }
    public required int HostWarnings { get; init; }
    public required int HostErrors { get; init; }
    public required IReadOnlyList<string> HostLastLines { get; init; }
    public required IReadOnlyList<string> HostProblems { get; init; }

    public double PurchasesPerSecond => Purchases / Seconds;

    public bool Passed => Failures.Count == 0 && Checks.All(c => c.Ok);

    public void Print(TextWriter w)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine(string.Create(c, $"Purchase-flow benchmark: {Users} customers at once (after {Warmup} warm-up), {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        w.WriteLine($"  load average (1/5/15 min) before {LoadBefore}, after {LoadAfter}");
        w.WriteLine(string.Create(c, $"  completed purchases: {Purchases} in {Seconds:0.0} s (first /start → last key) = {PurchasesPerSecond:0.0} purchases/s"));
        w.WriteLine(string.Create(c, $"  all {Users} at the checkout after {CheckoutSeconds:0.0} s ({5 * Users / CheckoutSeconds:0} bot updates/s while walking)"));
        w.WriteLine(string.Create(c, $"  host memory: peak (VmHWM) {PeakMemoryMb:0.0} MB; RSS idle {IdleMemoryMb:0.0} MB, after warm-up {WarmMemoryMb:0.0} MB, at end {EndMemoryMb:0.0} MB"));
        w.WriteLine(string.Create(c, $"  host CPU {HostCpuSeconds:0.0} s ({1000 * HostCpuSeconds / Math.Max(1, Purchases):0.0} ms per purchase); log: {HostWarnings} warnings, {HostErrors} errors"));
        w.WriteLine();
        w.WriteLine("  step                                          n      p50 ms     p99 ms     max ms");
        foreach (var s in Steps)
            w.WriteLine(string.Create(c, $"  {Describe(s.Step),-42} {s.Count,5} {s.P50,11:0.0} {s.P99,10:0.0} {s.Max,10:0.0}"));
        w.WriteLine();
        w.WriteLine($"  failures: {Failures.Count}");
        foreach (var group in Failures.GroupBy(f => f.Step))
            w.WriteLine($"    {group.Key}: {group.Count()} × e.g. {group.First().Error}");
        foreach (var check in Checks)
            w.WriteLine($"  [{(check.Ok ? "ok" : "FAILED")}] {check.What}: {check.Detail}");
        if (HostProblems.Count > 0)
        {
            w.WriteLine("  host's first warnings and errors:");
            foreach (var line in HostProblems) w.WriteLine("    " + line);
        }
        if (!Passed)
        {
            w.WriteLine("  host's last log lines:");
            foreach (var line in HostLastLines) w.WriteLine("    " + line);
        }
        w.WriteLine(Passed ? "  result: every purchase completed and verified" : "  result: FAILED");
    }

    private static string Describe(Step step) => step switch
    {
        Step.Start => "start      /start → menu",
        Step.Plans => "plans      Buy → plans",
        Step.Location => "location   plan → locations",
        Step.Method => "method     location → payment methods",
        Step.Checkout => "checkout   method → pay button (YooKassa)",
        Step.Webhook => "webhook    notification → HTTP 200",
        Step.PaymentToKey => "payment    notification → key + QR",
        _ => "purchase   whole walk, /start → key",
    };
}
