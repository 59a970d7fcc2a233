using VpnBot.TestKit.Database;
using VpnBot.TestKit.Hosting;
using System.Diagnostics;
using System.Security.Cryptography;
using VpnBot.TestKit.Panels;
using VpnBot.TestKit.Payments;
using VpnBot.TestKit.Telegram;

namespace VpnBot.Bench.Purchase;

/// <summary>
/// The published host as its own process on a fresh PostgreSQL database and Redis; the fake Bot API, 3X-UI panel
/// and YooKassa on loopback in this process. A warm-up wave, then all measured customers start at once.
/// </summary>
public static class PurchaseBenchmark
{
    private const string Token = "7777777:AAH-bench-purchase-token-0123456789abcd";

    public static async Task<PurchaseReport> RunAsync(BenchOptions o)
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        telegram.RecordCalls = false;
        var replies = new ChatReplies(Token);
        telegram.OnCall = replies.OnCall;
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        await using var yooKassa = await FakeYooKassa.StartAsync();
        await using var database = await BenchDatabase.CreateAsync(o.Postgres, migrate: false, ownPoolSize: 10);

        var encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var env = HostSettings.For(database, o.Redis, encryptionKey, telegram.BaseUrl, Token, yooKassa);
        if (await PublishedHost.RunVerbAsync(o.HostDll, env, "migrate") != 0) throw new InvalidOperationException("The host's migrate verb failed.");
        var shop = await Shop.SeedAsync(database, encryptionKey, panel, yooKassa, capacity: 2 * (o.Users + o.Warmup));

        await using var host = PublishedHost.Start(o.HostDll, env);
        await host.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var idleMemory = host.CurrentMemoryMb();
        // Everything is bounded by the step timeouts; this is the backstop, and the host dying ends the run at once.
        using var abort = new CancellationTokenSource(5 * o.StepTimeout + 2 * o.KeyTimeout + TimeSpan.FromMinutes(1));
        var watchdog = WatchAsync(host, abort);
        using var http = new HttpClient { Timeout = o.KeyTimeout };
        var run = new PurchaseRun(o, telegram, Token, replies, shop, database, http, host.BaseUrl);

        // Fresh ids per run: conversation state and throttle counters in Redis outlive a run started by hand.
        var firstWarm = 7_000_000_000L + Random.Shared.Next(0, 1_000_000) * 10_000L;
        var firstUser = firstWarm + o.Warmup;
        var warm = new StepLatencies();
        await WaveAsync(run, warm, firstWarm, o.Warmup, abort.Token);
        if (warm.Failures.Count > 0)
            throw new InvalidOperationException($"The warm-up failed ({warm.Failures.Count} of {o.Warmup}): {warm.Failures[0].Step}: {warm.Failures[0].Error}\n"
                + string.Join("\n", host.LastLines()));

        var warmMemory = host.CurrentMemoryMb();
        var loadBefore = LoadAverage();
        var cpuBefore = host.CpuTime();
        var latencies = new StepLatencies();
        var started = Stopwatch.GetTimestamp();
        await WaveAsync(run, latencies, firstUser, o.Users, abort.Token);
        var purchases = latencies.Completed(Step.Purchase);
        double SecondsUntil(Step step) => latencies.LastAt(step) is { } at ? Stopwatch.GetElapsedTime(started, at).TotalSeconds : double.NaN;
        var seconds = SecondsUntil(Step.PaymentToKey);
        var checkoutSeconds = SecondsUntil(Step.Checkout);
        var cpu = (host.CpuTime() - cpuBefore).TotalSeconds;
        var loadAfter = LoadAverage();
        var peak = host.PeakMemoryMb();
        var end = host.CurrentMemoryMb();

        var checks = await PurchaseVerification.RunAsync(run, firstUser, o.Users, o.Warmup + o.Users);
        await abort.CancelAsync();
        await watchdog;
        return new PurchaseReport
        {
            Users = o.Users, Warmup = o.Warmup, Seconds = seconds, CheckoutSeconds = checkoutSeconds, Purchases = purchases,
            Steps = [.. Enum.GetValues<Step>().Select(latencies.Summary)],
            Failures = latencies.Failures, Checks = checks,
            IdleMemoryMb = idleMemory, WarmMemoryMb = warmMemory, PeakMemoryMb = peak, EndMemoryMb = end, HostCpuSeconds = cpu, LoadBefore = loadBefore, LoadAfter = loadAfter,
            HostWarnings = host.Warnings, HostErrors = host.Errors, HostLastLines = host.LastLines(), HostProblems = host.FirstProblems(),
        };
    }

    /// <summary>All customers of a wave start together; returns when every one has a key or has failed.</summary>
    private static Task WaveAsync(PurchaseRun run, StepLatencies latencies, long firstUser, int count, CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => new SimulatedCustomer(run, latencies, firstUser + i).WalkAsync(ct), CancellationToken.None)));

    private static async Task WatchAsync(PublishedHost host, CancellationTokenSource abort)
    {
        while (!abort.IsCancellationRequested)
        {
            if (host.HasExited)
            {
                await Console.Error.WriteLineAsync("The host exited during the run:\n" + string.Join("\n", host.LastLines()));
                await abort.CancelAsync();
                return;
            }
            try { await Task.Delay(250, abort.Token); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
