using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VpnBot.Host.Logging;

namespace VpnBot.IntegrationTests.Host;

/// <summary>
/// Sinks an operator adds through configuration (Serilog:WriteTo: a file here, Seq or anything else in
/// production) get the same redaction as the console: no configured secret and no connection-string password
/// reaches them, however it was logged (in the message, a property, a nested object, an exception).
/// </summary>
public sealed class LogRedactionTests : IDisposable
{
    private const string PostgresPassword = "pg-Secret-Pass-41";
    private const string RedisPassword = "redis-Secret-Pass-42";
    private const string ReportsPassword = "uri-Secret-Pass-43";
    private const string BotToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private const string ShopKey = "live_yookassa_secret_44";
    private const string SeqKey = "seq-api-key-not-on-any-list-45";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vpnbot-logs-");

    [Fact]
    public async Task A_sink_added_through_configuration_never_receives_a_secret()
    {
        var text = Path.Combine(_dir.FullName, "app.log");
        var json = Path.Combine(_dir.FullName, "app.json");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = $"Host=127.0.0.1;Database=vpnbot;Username=vpnbot;Password={PostgresPassword}",
            ["ConnectionStrings:Redis"] = $"127.0.0.1:6379,password={RedisPassword},abortConnect=false",
            ["ConnectionStrings:Reports"] = $"postgres://reader:{ReportsPassword}@db.example/reports",
            ["Bots:Client:Token"] = BotToken,
            ["Payments:YooKassa:SecretKey"] = ShopKey,
            ["Seq:ApiKey"] = SeqKey, // secret by its name alone
            ["Logging:Console"] = "false",
            ["Serilog:Using:0"] = "Serilog.Sinks.File",
            ["Serilog:WriteTo:0:Name"] = "File",
            ["Serilog:WriteTo:0:Args:path"] = text,
            ["Serilog:WriteTo:1:Name"] = "File",
            ["Serilog:WriteTo:1:Args:path"] = json,
            ["Serilog:WriteTo:1:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
        };
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddVpnBotLogging();
        await using (var app = builder.Build())
        {
            var log = app.Services.GetRequiredService<ILogger<LogRedactionTests>>();
#pragma warning disable CA2254 // on purpose: a careless call that puts secrets into the template itself
            log.LogWarning("Connecting to " + settings["ConnectionStrings:Redis"] + " and " + settings["ConnectionStrings:Reports"]);
#pragma warning restore CA2254
            log.LogWarning("Database {ConnectionString}", settings["ConnectionStrings:Postgres"]);
            log.LogWarning("Calling {Uri}", new Uri($"https://api.telegram.org/bot{BotToken}/getMe"));
            log.LogWarning("Settings {@Settings}", new { Shop = "506751", Key = ShopKey, Keys = new[] { SeqKey }, ByName = new Dictionary<string, string> { [RedisPassword] = "x" } });
            log.LogError(new InvalidOperationException($"login failed with {PostgresPassword}"), "Marker {Marker}", "redaction-marker");
        }

        foreach (var path in new[] { text, json })
        {
            var written = await File.ReadAllTextAsync(path);
            Assert.Contains("redaction-marker", written, StringComparison.Ordinal);
            Assert.Contains("InvalidOperationException", written, StringComparison.Ordinal);
            Assert.Contains("***", written, StringComparison.Ordinal);
            foreach (var secret in new[] { PostgresPassword, RedisPassword, ReportsPassword, "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", ShopKey, SeqKey })
                Assert.DoesNotContain(secret, written, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
