using System.Globalization;

namespace VpnBot.Bench.Purchase;

public sealed record BenchOptions(
    string HostDll, int Users, int Warmup, TimeSpan StepTimeout, TimeSpan KeyTimeout, string Postgres, string Redis)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var options = new BenchOptions(
            Get("host-dll") ?? throw new ArgumentException("--host-dll is required (publish src/VpnBot.Host first; bench/run does)."),
            Int("users", 1_000), Int("warmup", 20),
            TimeSpan.FromSeconds(Int("step-timeout", 60)), TimeSpan.FromSeconds(Int("key-timeout", 300)),
            Environment.GetEnvironmentVariable("VPNBOT_BENCH_POSTGRES") ?? throw new ArgumentException("VPNBOT_BENCH_POSTGRES is not set."),
            Environment.GetEnvironmentVariable("VPNBOT_BENCH_REDIS") ?? throw new ArgumentException("VPNBOT_BENCH_REDIS is not set."));
        if (options.Users < 1 || options.Warmup < 0) throw new ArgumentException("--users must be at least 1 and --warmup at least 0.");
        return options;
    }
}
