using VpnBot.Bench.Purchase;

// Purchase-flow benchmark: N customers at once walk /start → Buy → plan → location → YooKassa → pay → key,
// through the published host's client bot, the fake Bot API, fake YooKassa and a fake 3X-UI panel, with real
// PostgreSQL and Redis. Every purchase is verified afterwards in PostgreSQL and on the panel.
// Usage: VpnBot.Bench.Purchase --host-dll PATH [--users 1000] [--warmup 20] [--step-timeout 60] [--key-timeout 300]
// Needs VPNBOT_BENCH_POSTGRES (admin connection string) and VPNBOT_BENCH_REDIS; bench/run sets both.
// Exit code: 0 every purchase completed and verified, 1 some failed, 2 the run could not be set up.
BenchOptions options;
PurchaseReport report;
try
{
    options = BenchOptions.Parse(args);
    report = await PurchaseBenchmark.RunAsync(options);
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync("Purchase benchmark not run: " + e.Message);
    return 2;
}
report.Print(Console.Out);
return report.Passed ? 0 : 1;
