using VpnBot.TestKit.Database;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VpnBot.Bench.Provisioning;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Panels;
using VpnBot.Vpn;

// 50 concurrent purchases → ProvisioningService → fake 3X-UI on loopback, real PostgreSQL; the same
// HTTP sequence sent raw is the floor. Usage: [--concurrency 50] [--rounds 10] [--generation v2.8.4|v3.0|v3.1]
var concurrency = Arg("--concurrency", 50);
var rounds = Arg("--rounds", 10);
var generation = ArgText("--generation", "v2.8.4") switch
{
    "v2.8.3" => FakeThreeXUiGeneration.V2_8_3,
    "v2.8.4" => FakeThreeXUiGeneration.V2_8_4,
    "v3.0" => FakeThreeXUiGeneration.V3_0,
    "v3.1" => FakeThreeXUiGeneration.V3_1,
    var other => throw new ArgumentException($"Unknown generation {other}; use v2.8.3, v2.8.4, v3.0 or v3.1."),
};
var admin = Environment.GetEnvironmentVariable("VPNBOT_BENCH_POSTGRES");
if (string.IsNullOrWhiteSpace(admin))
{
    Console.Error.WriteLine("Set VPNBOT_BENCH_POSTGRES to a PostgreSQL connection string that may create databases (bench/run does).");
    return 2;
}

await using var database = await BenchDatabase.CreateAsync(admin);
await using var panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = generation });
var secrets = new SecretProtector(RandomNumberGenerator.GetBytes(32));
var services = new ServiceCollection();
services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
services.AddSingleton(secrets);
services.AddSingleton(TimeProvider.System);
services.AddDbContext<AppDbContext>(o => o.UseVpnBotPostgres(database.ConnectionString));
services.AddVpn(new ConfigurationBuilder().Build());
services.AddProvisioning();
await using var provider = services.BuildServiceProvider();

var now = DateTimeOffset.UtcNow;
var server = new Server
{
    Name = "bench-de-1", Location = "Germany", CountryCode = "DE", IpAddress = "203.0.113.30", Domain = "de1.vpn.example",
    SupportedProtocols = [VpnProtocol.Vless], PrimaryProtocol = VpnProtocol.Vless, CreatedAt = now, UpdatedAt = now,
    Settings = new JsonObject
    {
        ["vless"] = new JsonObject
        {
            ["panel"] = "3xui", ["url"] = panel.Url.ToString(), ["username"] = panel.Options.Username,
            ["password"] = secrets.Protect(panel.Options.Password), ["inboundId"] = panel.Options.InboundId,
            ["subscriptionBaseUrl"] = panel.SubscriptionBaseUrl.ToString(),
        },
    }.ToJsonString(),
};
var batches = new List<List<long>>();
await using (var db = database.CreateContext())
{
    db.Servers.Add(server);
    for (var round = 0; round <= rounds; round++)
    {
        var subscriptions = Enumerable.Range(0, concurrency).Select(i => new Subscription
        {
            User = new User { TelegramId = 100_000_000 + round * 10_000 + i, LanguageCode = "ru", CreatedAt = now, UpdatedAt = now, LastActivityAt = now },
            Server = server, Status = SubscriptionStatus.Active, StartedAt = now, ExpiresAt = now.AddDays(30), TrafficLimitGb = 50,
            DeviceLimit = 2, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.Subscriptions.AddRange(subscriptions);
        await db.SaveChangesAsync();
        batches.Add(subscriptions.Select(s => s.Id).ToList());
    }
}

using var floor = new FloorClient(panel);
await floor.LoginAsync();
var ours = new Latencies();
var floorLatencies = new Latencies();
for (var round = 0; round <= rounds; round++)
{
    // Round 0 warms up JIT, pools and the panel session; it is not counted. Order alternates so neither side always goes first.
    var measuredOurs = round == 0 ? new Latencies() : ours;
    var measuredFloor = round == 0 ? new Latencies() : floorLatencies;
    var emails = Enumerable.Range(0, concurrency).Select(i => $"floor_{round}_{i}").ToList();
    Task Ours() => measuredOurs.BurstAsync(batches[round], async id =>
    {
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IProvisioningService>().ProvisionAsync(id, default);
    });
    Task Floor() => measuredFloor.BurstAsync(emails, floor.PurchaseAsync);
    if (round % 2 == 0)
    {
        await Ours();
        await Floor();
    }
    else
    {
        await Floor();
        await Ours();
    }
}

// The numbers count only if the work was done: one client per purchase on the panel, one active config, one counted user.
await using (var db = database.CreateContext())
{
    var expected = (rounds + 1) * concurrency;
    var configs = await db.VpnConfigs.CountAsync(c => c.IsActive);
    var counted = await db.Servers.Select(s => s.CurrentUsers).SingleAsync();
    var clients = panel.Clients.Count(c => c["email"]!.GetValue<string>().StartsWith("tg", StringComparison.Ordinal));
    if (configs != expected || counted != expected || clients != expected)
    {
        Console.Error.WriteLine($"Inconsistent result: {configs} configs, {counted} counted users, {clients} panel clients; expected {expected}.");
        return 1;
    }
}

var c = CultureInfo.InvariantCulture;
var addedP50 = ours.Percentile(0.50) - floorLatencies.Percentile(0.50);
var addedP99 = ours.Percentile(0.99) - floorLatencies.Percentile(0.99);
Console.WriteLine(string.Create(c, $"Provisioning benchmark: {concurrency} concurrent purchases x {rounds} rounds ({ours.Count} measured), fake 3X-UI {ArgText("--generation", "v2.8.4")} on loopback, PostgreSQL, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
Console.WriteLine(string.Create(c, $"  ours : {ours.PerSecond,7:0.0} purchases/s  p50 {ours.Percentile(0.50),7:0.0} ms  p99 {ours.Percentile(0.99),7:0.0} ms  max {ours.Percentile(1),7:0.0} ms"));
Console.WriteLine(string.Create(c, $"  floor: {floorLatencies.PerSecond,7:0.0} purchases/s  p50 {floorLatencies.Percentile(0.50),7:0.0} ms  p99 {floorLatencies.Percentile(0.99),7:0.0} ms  max {floorLatencies.Percentile(1),7:0.0} ms"));
Console.WriteLine(string.Create(c, $"  added by our side: p50 {addedP50:+0.0;-0.0} ms  p99 {addedP99:+0.0;-0.0} ms"));
Console.WriteLine($"  target (added p99 < 200 ms): {(addedP99 < 200 ? "met" : "NOT met")}");
return 0;

int Arg(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string ArgText(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
