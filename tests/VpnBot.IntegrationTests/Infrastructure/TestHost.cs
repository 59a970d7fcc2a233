using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using VpnBot.Core.Data;
using VpnBot.Host.Composition;
using VpnBot.Host.Telegram;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Infrastructure;

/// <summary>
/// The real host, in-process on a loopback port, wired to a fresh PostgreSQL database, the shared
/// test Redis and a fake Bot API server. Its bots long-poll the fake with the real Telegram.Bot client.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string ClientToken = "1111111:AAH-client-token-0123456789abcdefghijkl";
    public const string SupportToken = "2222222:AAH-support-token-0123456789abcdefghijk";
    public const string AdminToken = "3333333:AAH-admin-token-0123456789abcdefghijklm";
    public const string EncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly bool _ownsDatabase;

    private TestHost(FakeBotApiServer telegram, TestDatabase database, bool ownsDatabase, WebApplication app, CapturingSink logs)
    {
        _ownsDatabase = ownsDatabase;
        Telegram = telegram;
        Database = database;
        App = app;
        Logs = logs;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public FakeBotApiServer Telegram { get; }
    public TestDatabase Database { get; }
    public WebApplication App { get; }
    public CapturingSink Logs { get; }
    public string BaseUrl { get; }

    /// <param name="database">
    /// An existing database to run on (a "restart" of an earlier host); the caller keeps it and
    /// drops it. Without one, the host gets a fresh database of its own.
    /// </param>
    public static async Task<TestHost> StartAsync(
        Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null, FakeBotApiServer? telegram = null,
        TestDatabase? database = null)
    {
        telegram ??= await FakeBotApiServer.StartAsync();
        var ownsDatabase = database is null;
        database ??= await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["ConnectionStrings:Redis"] = await TestServices.RedisAsync(),
            ["Security:EncryptionKey"] = EncryptionKey,
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl,
            ["Telegram:PollingTimeoutSeconds"] = "2",
            ["Telegram:MaxConcurrency"] = "16",
            ["Bots:Client:Token"] = ClientToken,
            ["Bots:Support:Token"] = SupportToken,
            ["Bots:Admin:Token"] = AdminToken,
            ["Logging:Console"] = "false",
            ["Jobs:Enabled"] = "false",
        };
        configure?.Invoke(settings);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new CapturingSink();
        builder.Services.AddSingleton<ILogEventSink>(logs);
        builder.AddVpnBot();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapVpnBot();
        await app.StartAsync();
        return new TestHost(telegram, database, ownsDatabase, app, logs);
    }

    public static long NewUserId() => Random.Shared.NextInt64(100_000_000, 9_000_000_000);

    public string TokenOf(BotKind bot) => bot switch
    {
        BotKind.Client => ClientToken,
        BotKind.Support => SupportToken,
        _ => AdminToken,
    };

    public long Send(JsonObject update, BotKind bot = BotKind.Client) => Telegram.EnqueueUpdate(TokenOf(bot), update);

    public AppDbContext Db() => Database.CreateContext();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Telegram.DisposeAsync();
        if (_ownsDatabase) await Database.DisposeAsync();
    }
}
