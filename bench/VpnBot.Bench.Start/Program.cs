using VpnBot.Bench.Start;

// /start benchmark: the published host's client bot against the fake Bot API and real PostgreSQL/Redis.
// Usage: VpnBot.Bench.Start --host-dll PATH [--burst 20000] [--warmup 2000] [--rate 1000] [--steady-seconds 10]
// Needs VPNBOT_BENCH_POSTGRES (admin connection string) and VPNBOT_BENCH_REDIS; bench/run sets both.
var options = BenchOptions.Parse(args);
var report = await StartBenchmark.RunAsync(options);
report.Print(Console.Out);
return report.MeetsTargets ? 0 : 3;
