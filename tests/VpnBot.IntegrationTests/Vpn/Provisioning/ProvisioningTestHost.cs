using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Core.Vpn.SubscriptionFeed;
using VpnBot.IntegrationTests.Vpn.Panels;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Logging;
using VpnBot.TestKit.Panels;
using VpnBot.Vpn;

namespace VpnBot.IntegrationTests.Vpn.Provisioning;

/// <summary>The VPN module over a real PostgreSQL database, as the host composes it, plus a WireGuard stand-in.</summary>
internal sealed class ProvisioningTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static int _telegramIds = 700_000_000;

    public ProvisioningTestHost(TestDatabase database)
    {
        Database = database;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vpn:Panels:Timeout"] = "00:00:04",
            ["Vpn:Panels:AttemptTimeout"] = "00:00:02",
            ["Vpn:Panels:RetryCount"] = "1",
            ["Vpn:Panels:RetryBaseDelay"] = "00:00:00.020",
            ["Vpn:SubscriptionFeed:Title"] = "Мой VPN",
            ["Vpn:SubscriptionFeed:PublicBaseUrl"] = "https://bot.example.com/",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        services.AddSingleton(PanelTestHost.Secrets);
        services.AddSingleton<TimeProvider>(Time);
        services.AddDbContext<AppDbContext>(o => o.UseVpnBotPostgres(database.ConnectionString));
        services.AddVpn(configuration);
        services.AddProvisioning();
        services.AddOptions<SubscriptionFeedOptions>().Bind(configuration.GetSection(SubscriptionFeedOptions.Section));
        services.AddScoped<SubscriptionFeedService>();
        services.AddKeyedSingleton<IVpnProvider>("wireguard", WireGuard);
        services.AddSingleton<BackendTaskSignal>();
        services.AddSingleton<ICustomerNotifier>(Notifier);
        services.AddScoped<UsageCollector>(); // a Core service (AddCoreServices), used here without the rest of Core
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public RecordingVpnProvider WireGuard { get; } = new("wireguard", VpnProtocol.WireGuard);

    public CapturingLoggerProvider Logs { get; } = new();

    public Payments.RecordingNotifier Notifier { get; } = new();

    public ServiceProvider Services { get; }

    public async Task<T> RunAsync<T>(Func<IProvisioningService, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IProvisioningService>());
    }

    public async Task RunAsync(Func<IProvisioningService, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<IProvisioningService>());
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var db = Database.CreateContext();
        return await query(db);
    }

    /// <summary>A server whose VLESS backend is the fake 3X-UI panel and which also lists WireGuard.</summary>
    public async Task<Server> AddServerAsync(FakeThreeXUiPanel panel, VpnProtocol primary = VpnProtocol.WireGuard, int maxUsers = 100)
    {
        var template = PanelTestHost.ThreeXUiServer(panel);
        var server = new Server
        {
            Name = template.Name, Location = "Germany", City = "Frankfurt", CountryCode = "DE", IpAddress = "203.0.113.20",
            Domain = $"{template.Name}.vpn.example", SupportedProtocols = [VpnProtocol.Vless, VpnProtocol.WireGuard],
            PrimaryProtocol = primary, Settings = template.Settings, MaxUsers = maxUsers, CreatedAt = Start, UpdatedAt = Start,
        };
        await using var db = Database.CreateContext();
        db.Servers.Add(server);
        await db.SaveChangesAsync();
        return server;
    }

    public async Task<Subscription> AddSubscriptionAsync(long? serverId, string language = "ru", int days = 30, int? trafficGb = 50,
        int devices = 2, SubscriptionStatus status = SubscriptionStatus.Active, User? user = null)
    {
        await using var db = Database.CreateContext();
        if (user is null)
        {
            user = new User
            {
                TelegramId = Interlocked.Increment(ref _telegramIds), LanguageCode = language, FirstName = "Test",
                CreatedAt = Start, UpdatedAt = Start, LastActivityAt = Start,
            };
            db.Users.Add(user);
        }
        else
        {
            db.Users.Attach(user);
        }
        var subscription = new Subscription
        {
            User = user, ServerId = serverId, Status = status, StartedAt = Start, ExpiresAt = Start.AddDays(days),
            TrafficLimitGb = trafficGb, DeviceLimit = devices, CreatedAt = Start, UpdatedAt = Start,
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        return subscription;
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
