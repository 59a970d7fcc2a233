using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Payments;
using VpnBot.Payments.Stars;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Hosting;
using VpnBot.TestKit.Payments;
using VpnBot.TestKit.Time;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>
/// The payment stack as the host wires it (AddCoreServices + AddPayments) on a fresh PostgreSQL database,
/// against fake YooKassa and Crypto Pay servers on loopback, with recording VPN and notifier doubles.
/// </summary>
public sealed class PaymentsHarness : IAsyncDisposable
{
    /// <summary>Inside YooKassa's published 185.71.76.0/27.</summary>
    public static readonly IPAddress YooKassaIp = IPAddress.Parse("185.71.76.10");

    private readonly Dictionary<string, string?> _settings;

    private PaymentsHarness(TestDatabase db, FakeYooKassa yooKassa, FakeCryptoPay cryptoPay, Dictionary<string, string?> settings)
    {
        Db = db;
        YooKassa = yooKassa;
        CryptoPay = cryptoPay;
        _settings = settings;
        Provisioning = new RecordingProvisioning(db, () => ServerId);
        Services = BuildProvider();
    }

    public TestDatabase Db { get; }
    public FakeYooKassa YooKassa { get; }
    public FakeCryptoPay CryptoPay { get; }
    public ShiftableClock Clock { get; } = new();
    public RecordingNotifier Notifier { get; } = new();
    public RecordingOperatorAlerts Alerts { get; } = new();
    public RecordingProvisioning Provisioning { get; }
    public RecordingTelegramStars Stars { get; } = new();
    public CapturedLogs Logs { get; } = new();
    public ServiceProvider Services { get; private set; }
    public long ServerId { get; private set; }

    public static async Task<PaymentsHarness> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var db = await TestDatabase.CreateAsync();
        var yooKassa = await FakeYooKassa.StartAsync();
        var cryptoPay = await FakeCryptoPay.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Payments:YooKassa:ShopId"] = yooKassa.ShopId,
            ["Payments:YooKassa:SecretKey"] = yooKassa.SecretKey,
            ["Payments:YooKassa:ApiBaseUrl"] = yooKassa.ApiBaseUrl,
            ["Payments:YooKassa:ReturnUrl"] = "https://t.me/TestVpnBot",
            ["Payments:CryptoPay:Token"] = cryptoPay.Token,
            ["Payments:CryptoPay:ApiBaseUrl"] = cryptoPay.ApiBaseUrl,
            ["Payments:Stars:Enabled"] = "true",
            // Fast retries so outage tests take milliseconds, not the production seconds.
            ["Payments:Http:Retry:Delay"] = "00:00:00.010",
            ["Payments:Http:Retry:MaxRetryAttempts"] = "2",
            ["Subscriptions:Trial:Days"] = "3",
        };
        configure?.Invoke(settings);
        var harness = new PaymentsHarness(db, yooKassa, cryptoPay, settings);
        await harness.SeedServerAsync();
        return harness;
    }

    /// <summary>A new container on the same database: what a restarted process would have.</summary>
    public ServiceProvider BuildProvider()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddDbContext<AppDbContext>(o => o.UseVpnBotPostgres(Db.ConnectionString));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ICustomerNotifier>(Notifier);
        services.AddSingleton<Core.Operations.IOperatorAlerts>(Alerts);
        services.AddSingleton<IProvisioningService>(Provisioning);
        services.AddSingleton<ITelegramStars>(Stars);
        services.AddUnusedCoreHostServices(Db.ConnectionString);
        services.AddCoreServices(configuration);
        services.AddPayments(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>Simulates a crash and restart: the old container is thrown away, a new one takes over.</summary>
    public async Task RestartAsync()
    {
        await Services.DisposeAsync();
        Services = BuildProvider();
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> InScopeAsync<TService, T>(Func<TService, Task<T>> work) where TService : notnull =>
        InScopeAsync(sp => work(sp.GetRequiredService<TService>()));

    public async Task<User> CreateUserAsync(long telegramId)
    {
        await using var db = Db.CreateContext();
        var now = Clock.GetUtcNow();
        var user = new User { TelegramId = telegramId, FirstName = "Ann", LanguageCode = "ru", CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public async Task<SubscriptionPlan> CreatePlanAsync(decimal price = 299m, string currency = "RUB", int days = 30, int? priceStars = 150)
    {
        await using var db = Db.CreateContext();
        var now = Clock.GetUtcNow();
        var plan = new SubscriptionPlan
        {
            Name = $"{days} days",
            DurationDays = days,
            Price = price,
            Currency = currency,
            PriceStars = priceStars,
            DeviceLimit = 3,
            TrafficLimitGb = 500,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Plans.Add(plan);
        await db.SaveChangesAsync();
        return plan;
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = Db.CreateContext();
        return await query(db);
    }

    public Task<int> RunWorkerAsync() =>
        Services.GetRequiredService<BackendTaskProcessor>().RunDueAsync(50, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await YooKassa.DisposeAsync();
        await CryptoPay.DisposeAsync();
        await Db.DisposeAsync();
    }

    private async Task SeedServerAsync()
    {
        await using var db = Db.CreateContext();
        var now = Clock.GetUtcNow();
        var server = new Server
        {
            Name = "nl-1",
            Location = "Amsterdam",
            CountryCode = "NL",
            IpAddress = "203.0.113.10",
            SupportedProtocols = [VpnProtocol.Vless],
            PrimaryProtocol = VpnProtocol.Vless,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Servers.Add(server);
        await db.SaveChangesAsync();
        ServerId = server.Id;
    }
}
