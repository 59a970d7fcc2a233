using System.Diagnostics;
using Npgsql;
using VpnBot.TestKit.Hosting;
using VpnBot.TestKit.Telegram;

namespace VpnBot.Bench.Start;

public static class StartBenchmark
{
    private const string Token = "7777777:AAH-bench-client-token-0123456789abcdefgh";
    private const string FloorToken = "8888888:AAH-bench-floor-token-0123456789abcdefghi";

    public static async Task<BenchReport> RunAsync(BenchOptions o)
    {
        await using var fake = await FakeBotApiServer.StartAsync();
        fake.RecordCalls = false;
        var ours = new LatencyRecorder();
        var floor = new LatencyRecorder();
        fake.OnUpdatesHandedOut = (token, ids) => (token == Token ? ours : floor).HandedOut(ids);
        fake.OnCall = (token, method, chat) => (token == Token ? ours : floor).Replied(method, chat);

        var database = "vpnbot_bench_" + Guid.NewGuid().ToString("N")[..8];
        await ExecAsync(o.Postgres, $"CREATE DATABASE {database}");
        var pg = new NpgsqlConnectionStringBuilder(o.Postgres) { Database = database, MaxPoolSize = 100 }.ConnectionString;
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = pg,
            ["ConnectionStrings__Redis"] = o.Redis,
            ["Security__EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Telegram__ApiBaseUrl"] = fake.BaseUrl,
            ["Telegram__PollingTimeoutSeconds"] = "10",
            ["Bots__Client__Token"] = Token,
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["DOTNET_gcServer"] = "0",
        };
        if (await PublishedHost.RunVerbAsync(o.HostDll, env, "migrate") != 0) throw new InvalidOperationException("migrate failed");

        var report = new BenchReport { Burst = o.Burst, Rate = o.Rate, SteadySeconds = o.SteadySeconds };
        long nextUser = 1_000_000_000;
        await using (var host = PublishedHost.Start(o.HostDll, env))
        {
            await host.WaitReadyAsync(TimeSpan.FromSeconds(60));
            await RunBurstAsync(fake, ours, Token, o.Warmup, () => nextUser++, TimeSpan.FromSeconds(120));
            report.WarmMemoryMb = host.CurrentMemoryMb();
            var cpuBefore = host.CpuTime();
            (report.OursPerSecond, report.OursBurstP50, report.OursBurstP99) = await RunBurstAsync(fake, ours, Token, o.Burst, () => nextUser++, TimeSpan.FromSeconds(120));
            report.OursCpuSecondsPerThousand = (host.CpuTime() - cpuBefore).TotalSeconds / (o.Burst / 1000.0);
            report.SettleSeconds = (await host.WaitUntilQuietAsync(TimeSpan.FromSeconds(15))).TotalSeconds;
            (report.SteadyP50, report.SteadyP99, report.SteadyMax) = await RunSteadyAsync(fake, ours, Token, o.Rate, o.SteadySeconds, () => nextUser++);
            report.PeakMemoryMb = host.PeakMemoryMb();
            (report.HostWarnings, report.HostErrors, report.HostProblems) = (host.Warnings, host.Errors, host.FirstProblems());
        }

        using (var stop = new CancellationTokenSource())
        {
            var loop = FloorLoop.RunAsync(fake.BaseUrl, FloorToken, 64, stop.Token);
            await RunBurstAsync(fake, floor, FloorToken, o.Warmup, () => nextUser++, TimeSpan.FromSeconds(120));
            (report.FloorPerSecond, report.FloorBurstP50, report.FloorBurstP99) = await RunBurstAsync(fake, floor, FloorToken, o.Burst, () => nextUser++, TimeSpan.FromSeconds(120));
            await stop.CancelAsync();
            try { await loop; } catch (OperationCanceledException) { }
        }
        NpgsqlConnection.ClearAllPools();
        await ExecAsync(o.Postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        return report;
    }

    private static async Task<(double PerSecond, double P50, double P99)> RunBurstAsync(
        FakeBotApiServer fake, LatencyRecorder recorder, string token, int count, Func<long> nextUser, TimeSpan timeout)
    {
        recorder.Expect(count);
        var updates = Enumerable.Range(0, count).Select(_ => nextUser()).Select(u => (User: u, Json: Updates.Text(u, "/start", firstName: "Bench"))).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var (user, json) in updates) fake.EnqueueUpdate(token, json, id => recorder.MapUpdate(id, user));
        await recorder.WaitAsync(timeout);
        var elapsed = clock.Elapsed.TotalSeconds;
        var (p50, p99, _) = recorder.Percentiles();
        return (count / elapsed, p50, p99);
    }

    private static async Task<(double P50, double P99, double Max)> RunSteadyAsync(
        FakeBotApiServer fake, LatencyRecorder recorder, string token, int rate, int seconds, Func<long> nextUser)
    {
        var total = rate * seconds;
        recorder.Expect(total);
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < total;)
        {
            // Send whatever is due by now: a steady rate without relying on timer resolution.
            var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate));
            for (; sent < due; sent++)
            {
                var user = nextUser();
                fake.EnqueueUpdate(token, Updates.Text(user, "/start", firstName: "Bench"), id => recorder.MapUpdate(id, user));
            }
            await Task.Delay(1);
        }
        await recorder.WaitAsync(TimeSpan.FromSeconds(60));
        return recorder.Percentiles();
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }
}
