using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using VpnBot.Bench.Jobs;
using VpnBot.Core.Subscriptions;
using VpnBot.TestKit.Database;

// One pass of the expiry-reminder job and of the win-back job over 1,000,000 seeded subscriptions (real PostgreSQL,
// a notifier that only counts: Telegram's pace is not what is measured). Two states: steady (everything before the
// last 15 minutes already handled, as a job running every 15 minutes leaves it) and a backlog (--backlog N rows per
// job left unhandled, as after downtime).
var admin = Environment.GetEnvironmentVariable("VPNBOT_BENCH_POSTGRES");
if (string.IsNullOrWhiteSpace(admin))
{
    Console.Error.WriteLine("Set VPNBOT_BENCH_POSTGRES to an admin connection string (the benchmark creates and drops its own database), or use bench/run jobs.");
    return 2;
}
var count = IntArg("--subscriptions", 1_000_000);
var backlog = IntArg("--backlog", 10_000);

await using var database = await BenchDatabase.CreateAsync(admin);
Console.WriteLine($"PostgreSQL {await ScalarAsync<string>("SHOW server_version")}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}, load average {LoadAverage()}");

var seedClock = Stopwatch.StartNew();
var t0 = DateTimeOffset.UtcNow;
await Seed.RunAsync(database.ConnectionString, count, t0);
Console.WriteLine($"Seeded {count:N0} users and subscriptions (expiries spread over 120 days around now) in {seedClock.Elapsed.TotalSeconds:F1} s");

var options = Options.Create(new SubscriptionOptions());
var notifier = new CountingNotifier();
var results = new List<string>();
var ok = true;

await PassAsync("reminders, steady", async () => { await using var db = database.CreateContext(); return await new ExpiryReminders(db, notifier, TimeProvider.System, options, NullLogger<ExpiryReminders>.Instance).RunPassAsync(100, default); });
await PassAsync("win-back, steady", async () => { await using var db = database.CreateContext(); return await new WinBackMessages(db, notifier, new NoWinBackOffer(), TimeProvider.System, options, NullLogger<WinBackMessages>.Instance).RunPassAsync(100, default); });
await PassAsync("reminders, again (nothing due)", async () => { await using var db = database.CreateContext(); return await new ExpiryReminders(db, notifier, TimeProvider.System, options, NullLogger<ExpiryReminders>.Instance).RunPassAsync(100, default); }, expectNone: true);
await PassAsync("win-back, again (nothing due)", async () => { await using var db = database.CreateContext(); return await new WinBackMessages(db, notifier, new NoWinBackOffer(), TimeProvider.System, options, NullLogger<WinBackMessages>.Instance).RunPassAsync(100, default); }, expectNone: true);
if (backlog > 0)
{
    await Seed.ForgetAsync(database.ConnectionString, backlog);
    await PassAsync($"reminders, backlog of {backlog:N0}", async () => { await using var db = database.CreateContext(); return await new ExpiryReminders(db, notifier, TimeProvider.System, options, NullLogger<ExpiryReminders>.Instance).RunPassAsync(100, default); });
    await PassAsync($"win-back, backlog of {backlog:N0}", async () => { await using var db = database.CreateContext(); return await new WinBackMessages(db, notifier, new NoWinBackOffer(), TimeProvider.System, options, NullLogger<WinBackMessages>.Instance).RunPassAsync(100, default); });
}
var duplicates = notifier.Duplicates();
ok &= duplicates == 0;

Console.WriteLine();
Console.WriteLine("| pass | messages | time | per message |");
Console.WriteLine("|---|---|---|---|");
foreach (var line in results) Console.WriteLine(line);
Console.WriteLine($"Peak RSS of the process running the jobs: {Rss("VmHWM")} (now {Rss("VmRSS")}); the same message sent twice: {duplicates}");
Console.WriteLine(ok ? "RESULT: OK" : "RESULT: FAILED (see above)");
return ok ? 0 : 1;

async Task PassAsync(string name, Func<Task<int>> pass, bool expectNone = false)
{
    var clock = Stopwatch.StartNew();
    var sent = await pass();
    clock.Stop();
    var perMessage = sent == 0 ? "—" : $"{clock.Elapsed.TotalMilliseconds / sent:F2} ms";
    results.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {sent:N0} | {clock.Elapsed.TotalSeconds:F2} s | {perMessage} |"));
    if (clock.Elapsed > TimeSpan.FromSeconds(10)) Console.WriteLine($"{name}: over the 10 s target");
    if (expectNone && sent != 0) ok = false;
}

async Task<T> ScalarAsync<T>(string sql)
{
    await using var connection = new NpgsqlConnection(database.ConnectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (T)(await command.ExecuteScalarAsync())!;
}

static string Rss(string field) =>
    File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal))?[(field.Length + 1)..].Trim() ?? "n/a";

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
