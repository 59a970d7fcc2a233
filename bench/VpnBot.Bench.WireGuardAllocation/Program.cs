// 100 concurrent WireGuard purchases on one server against real PostgreSQL: each one reserves the next free
// tunnel address through IpAddressAllocator exactly as the provider does (advisory lock, key generation,
// insert). Reports throughput and latency percentiles and checks that no address was handed out twice and
// that nothing deadlocked. Usage:
//   VPNBOT_BENCH_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres" \
//     dotnet run -c Release --project bench/VpnBot.Bench.WireGuardAllocation [purchases=100] [rounds=5]
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VpnBot.Core.Data;
using VpnBot.Core.Security;
using VpnBot.Vpn;
using VpnBot.Vpn.WireGuard;

var admin = Environment.GetEnvironmentVariable("VPNBOT_BENCH_POSTGRES");
if (string.IsNullOrWhiteSpace(admin))
{
    Console.Error.WriteLine("Set VPNBOT_BENCH_POSTGRES to a PostgreSQL connection string (a database is created and dropped there).");
    return 2;
}
var purchases = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var database = "vpnbot_bench_" + Guid.NewGuid().ToString("N")[..8];
var connection = new NpgsqlConnectionStringBuilder(admin) { Database = database, MaxPoolSize = Math.Max(100, purchases + 10) }.ConnectionString;
await Sql(admin, $"CREATE DATABASE {database}");
try
{
    var services = new ServiceCollection()
        .AddDbContext<AppDbContext>(o => o.UseVpnBotPostgres(connection))
        .AddSingleton(new SecretProtector(RandomNumberGenerator.GetBytes(32)))
        .AddLogging()
        .AddSshVpnProviders()
        .BuildServiceProvider();
    await using (var scope = services.CreateAsyncScope())
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
    var allocator = services.GetRequiredService<IpAddressAllocator>();
    var protector = services.GetRequiredService<SecretProtector>();
    var subnet = WireGuardSubnet.TryParse("10.8.0.0/16")!;

    // Warm-up on another server: JIT, connection pool, query plans.
    for (var i = 0; i < 20; i++) await allocator.ReserveAsync(999, subnet, "warm" + i, a => WireGuardConfigData.CreateNew(a, 999, "warm" + i, protector).ToJson(), default);

    var latencies = new List<double>();
    var failures = 0;
    Console.WriteLine($"{purchases} concurrent purchases on one server × {rounds} rounds, PostgreSQL {await Scalar(connection, "SHOW server_version")}, {Environment.ProcessorCount} cores");
    for (var round = 1; round <= rounds; round++)
    {
        var serverId = round;
        var gate = new TaskCompletionSource();
        var wall = Stopwatch.StartNew();
        var tasks = Enumerable.Range(1, purchases).Select(async i =>
        {
            await gate.Task;
            var clock = Stopwatch.StartNew();
            await allocator.ReserveAsync(serverId, subnet, $"tg_{i}_1", a => WireGuardConfigData.CreateNew(a, serverId, $"tg_{i}_1", protector).ToJson(), default);
            return clock.Elapsed.TotalMilliseconds;
        }).ToList();
        gate.SetResult();
        var all = Task.WhenAll(tasks);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))) != all)
        {
            Console.Error.WriteLine($"round {round}: not finished after 60 s (deadlock or starvation)");
            return 1;
        }
        double[] roundLatencies;
        try
        {
            roundLatencies = await all;
        }
        catch (Exception e)
        {
            failures++;
            Console.Error.WriteLine($"round {round}: a purchase failed: {e.GetType().Name}: {e.Message}");
            continue;
        }
        wall.Stop();
        latencies.AddRange(roundLatencies);
        var rows = await Scalar(connection, $"SELECT count(*) FROM ip_allocations WHERE server_id = {serverId}");
        var distinct = await Scalar(connection, $"SELECT count(DISTINCT address) FROM ip_allocations WHERE server_id = {serverId}");
        var ok = rows == distinct && rows == purchases.ToString(CultureInfo.InvariantCulture);
        if (!ok) failures++;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round {round}: {wall.Elapsed.TotalMilliseconds,7:F0} ms wall, {purchases / wall.Elapsed.TotalSeconds,7:F0} purchases/s, p50 {Percentile(roundLatencies, 50),6:F1} ms, p99 {Percentile(roundLatencies, 99),6:F1} ms, rows {rows}, distinct addresses {distinct} {(ok ? "OK" : "DUPLICATES/MISSING")}"));
    }
    var deadlocks = await Scalar(connection, $"SELECT deadlocks FROM pg_stat_database WHERE datname = '{database}'");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"overall: {latencies.Count} purchases, p50 {Percentile(latencies, 50):F1} ms, p99 {Percentile(latencies, 99):F1} ms, max {latencies.DefaultIfEmpty().Max():F1} ms; deadlocks reported by PostgreSQL: {deadlocks}; failed rounds: {failures}"));
    await services.DisposeAsync();
    return failures == 0 && deadlocks == "0" ? 0 : 1;
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await Sql(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
}

static double Percentile(IReadOnlyCollection<double> values, double p)
{
    if (values.Count == 0) return 0;
    var sorted = values.Order().ToArray();
    return sorted[(int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

static async Task Sql(string connectionString, string sql)
{
    await using var c = new NpgsqlConnection(connectionString);
    await c.OpenAsync();
    await using var cmd = new NpgsqlCommand(sql, c);
    await cmd.ExecuteNonQueryAsync();
}

static async Task<string> Scalar(string connectionString, string sql)
{
    await using var c = new NpgsqlConnection(connectionString);
    await c.OpenAsync();
    await using var cmd = new NpgsqlCommand(sql, c);
    return Convert.ToString(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
}
