using VpnBot.TestKit.Database;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Bench.Payments;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.TestKit.Payments;

// Webhook throughput and latency from "notification received" to "subscription active" (the HTTP answer is
// sent after the commit), then the duplicate storm. Real PostgreSQL, fake YooKassa on loopback, no VPN backend.
var admin = Environment.GetEnvironmentVariable("VPNBOT_BENCH_POSTGRES");
if (string.IsNullOrWhiteSpace(admin))
{
    Console.Error.WriteLine("Set VPNBOT_BENCH_POSTGRES to an admin connection string (the benchmark creates and drops its own database), or use bench/VpnBot.Bench.Payments/run.sh.");
    return 2;
}
var payments = IntArg("--payments", 2000);
var concurrency = IntArg("--concurrency", 32);
var storm = IntArg("--storm", 200);
const int Days = 30;

await using var database = await BenchDatabase.CreateAsync(admin);
await using var yooKassa = await FakeYooKassa.StartAsync();
var settings = new Dictionary<string, string?>
{
    ["Payments:YooKassa:ShopId"] = yooKassa.ShopId,
    ["Payments:YooKassa:SecretKey"] = yooKassa.SecretKey,
    ["Payments:YooKassa:ApiBaseUrl"] = yooKassa.ApiBaseUrl,
    ["Payments:YooKassa:ReturnUrl"] = "https://t.me/BenchBot",
    ["Payments:YooKassa:AllowedNetworks"] = "127.0.0.1/32",
};
var (app, url) = await WebhookHost.StartAsync(database.ConnectionString, settings);
await using var _ = app;
var notifier = (WebhookHost.CountingNotifier)app.Services.GetRequiredService<ICustomerNotifier>();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(concurrency, storm) + 8 }) { Timeout = TimeSpan.FromMinutes(2) };

Console.WriteLine($"PostgreSQL {await ServerVersionAsync()}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}, load average {LoadAverage()}");
var warmup = Math.Min(100, Math.Max(10, payments / 10));
var planId = await SeedPlanAsync();
var bodies = await OpenPaidPaymentsAsync(warmup + payments);

// Warm-up: JIT, connection pools, PostgreSQL caches. Not measured.
await DeliverAllAsync(bodies.Take(warmup).ToList());

var measured = bodies.Skip(warmup).ToList();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
var latencies = await DeliverAllAsync(measured);
clock.Stop();
// CPU of this process (client, webhook endpoint, fake YooKassa) per notification: a figure that does not
// depend on how busy a shared machine is. PostgreSQL's own CPU is not included.
var cpuPerNotification = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / measured.Count;
var wrongPeriods = await ScalarAsync($"SELECT count(*) FROM subscriptions s JOIN payments p ON p.subscription_id = s.id WHERE p.status = 'completed' AND s.expires_at <> p.paid_at + interval '{Days} days'");
var completed = await ScalarAsync("SELECT count(*) FROM payments WHERE status = 'completed'");
var active = await ScalarAsync("SELECT count(*) FROM subscriptions WHERE status = 'active'");
var ok1 = completed == warmup + payments && active == warmup + payments && wrongPeriods == 0;

// The duplicate storm: one paid payment, the identical notification delivered concurrently.
var stormBody = (await OpenPaidPaymentsAsync(1))[0];
var completedBefore = notifier.Completed;
using var start = new ManualResetEventSlim(false);
var stormWatch = new ConcurrentBag<(int Status, string Reason, double Ms)>();
var deliveries = Enumerable.Range(0, storm).Select(_ => Task.Run(async () =>
{
    start.Wait();
    var t = Stopwatch.GetTimestamp();
    using var response = await http.PostAsync(url, new ByteArrayContent(stormBody.Body));
    stormWatch.Add(((int)response.StatusCode, await response.Content.ReadAsStringAsync(), Stopwatch.GetElapsedTime(t).TotalMilliseconds));
})).ToList();
start.Set();
await Task.WhenAll(deliveries);
var activations = stormWatch.Count(r => r.Reason.Contains("Completed", StringComparison.Ordinal));
var stormPayment = await ScalarAsync($"SELECT count(*) FROM payments WHERE external_payment_id = '{stormBody.ExternalId}' AND status = 'completed'");
var stormSubs = await ScalarAsync($"SELECT count(*) FROM subscriptions s JOIN payments p ON p.user_id = s.user_id WHERE p.external_payment_id = '{stormBody.ExternalId}' AND s.expires_at = p.paid_at + interval '{Days} days'");
var stormTasks = await ScalarAsync($"SELECT count(*) FROM backend_tasks t JOIN payments p ON p.subscription_id = t.subscription_id WHERE p.external_payment_id = '{stormBody.ExternalId}'");
var stormEvents = await ScalarAsync($"SELECT count(*) FROM processed_events WHERE event_key = 'paid:{stormBody.ExternalId}'");
var ok2 = stormWatch.All(r => r.Status == 200) && activations == 1 && stormPayment == 1 && stormSubs == 1 && stormTasks == 1 && stormEvents == 1
    && notifier.Completed - completedBefore == 1;

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"| Webhook throughput ({payments} distinct payment.succeeded, {concurrency} concurrent) | {payments / clock.Elapsed.TotalSeconds:F0} notifications/s |");
report.AppendLine(CultureInfo.InvariantCulture, $"| Notification received → subscription active | {latencies.Summary()} |");
report.AppendLine(CultureInfo.InvariantCulture, $"| CPU per notification (bench process: client + endpoint + fake YooKassa) | {cpuPerNotification:F2} ms |");
report.AppendLine(CultureInfo.InvariantCulture, $"| Checked in PostgreSQL | {completed} completed payments, {active} active subscriptions, {wrongPeriods} with a wrong period |");
report.AppendLine(CultureInfo.InvariantCulture, $"| Duplicate storm ({storm} identical deliveries at once) | {stormWatch.Count(r => r.Status == 200)}×200, {activations} activation; {new Latencies([.. stormWatch.Select(r => r.Ms)]).Summary()} |");
report.AppendLine(CultureInfo.InvariantCulture, $"| Storm checked in PostgreSQL | payment completed {stormPayment}×, subscription extended once: {stormSubs == 1}, backend tasks {stormTasks}, processed events {stormEvents}, customer told {notifier.Completed - completedBefore}× |");
Console.WriteLine(report);
Console.WriteLine(ok1 && ok2 ? "RESULT: OK" : "RESULT: FAILED (see the checks above)");
await app.StopAsync();
return ok1 && ok2 ? 0 : 1;

async Task<Latencies> DeliverAllAsync(IReadOnlyList<(string ExternalId, byte[] Body)> items)
{
    var times = new ConcurrentBag<double>();
    await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, ct) =>
    {
        var t = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(url, new ByteArrayContent(item.Body), ct);
        var elapsed = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        times.Add(elapsed);
    });
    return new Latencies([.. times]);
}

async Task<List<(string ExternalId, byte[] Body)>> OpenPaidPaymentsAsync(int count)
{
    var userIds = new List<long>();
    await using (var db = database.CreateContext())
    {
        var now = DateTimeOffset.UtcNow;
        var users = Enumerable.Range(0, count).Select(_ => new User
        {
            TelegramId = Random.Shared.NextInt64(1, long.MaxValue),
            CreatedAt = now,
            UpdatedAt = now,
            LastActivityAt = now,
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        userIds.AddRange(users.Select(u => u.Id));
    }
    var opened = new ConcurrentBag<(string, byte[])>();
    await Parallel.ForEachAsync(userIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (userId, ct) =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        var start = await scope.ServiceProvider.GetRequiredService<PaymentService>().StartAsync(userId, planId, PaymentMethods.YooKassa, false, ct);
        var externalId = await scope.ServiceProvider.GetRequiredService<VpnBot.Core.Data.AppDbContext>().Payments
            .Where(p => p.Id == start.PaymentId).Select(p => p.ExternalPaymentId!).SingleAsync(ct);
        yooKassa.Succeed(externalId);
        opened.Add((externalId, Encoding.UTF8.GetBytes(yooKassa.NotificationBody("payment.succeeded", externalId))));
    });
    return [.. opened];
}

async Task<long> SeedPlanAsync()
{
    await using var db = database.CreateContext();
    var plan = new SubscriptionPlan { Name = "30 days", DurationDays = Days, Price = 299m, Currency = "RUB", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
    db.Plans.Add(plan);
    await db.SaveChangesAsync();
    return plan.Id;
}

async Task<long> ScalarAsync(string sql)
{
    await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
    await connection.OpenAsync();
    await using var command = new Npgsql.NpgsqlCommand(sql, connection);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

async Task<string> ServerVersionAsync()
{
    await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
    await connection.OpenAsync();
    return connection.ServerVersion;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
