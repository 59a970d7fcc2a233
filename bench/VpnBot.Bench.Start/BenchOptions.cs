namespace VpnBot.Bench.Start;

public sealed record BenchOptions(string HostDll, int Burst, int Warmup, int Rate, int SteadySeconds, string Postgres, string Redis)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(
            Get("host-dll") ?? throw new ArgumentException("--host-dll is required (publish src/VpnBot.Host first; bench/run does)."),
            Int("burst", 20_000), Int("warmup", 2_000), Int("rate", 1_000), Int("steady-seconds", 10),
            Environment.GetEnvironmentVariable("VPNBOT_BENCH_POSTGRES") ?? throw new ArgumentException("VPNBOT_BENCH_POSTGRES is not set."),
            Environment.GetEnvironmentVariable("VPNBOT_BENCH_REDIS") ?? throw new ArgumentException("VPNBOT_BENCH_REDIS is not set."));
    }
}
