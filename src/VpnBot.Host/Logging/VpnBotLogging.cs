using Serilog;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace VpnBot.Host.Logging;

public static class VpnBotLogging
{
    /// <summary>Configuration keys whose values must never appear in a log line.</summary>
    public static readonly string[] SecretKeys =
    [
        "Bots:Client:Token", "Bots:Support:Token", "Bots:Admin:Token", "Telegram:WebhookSecret", "Security:EncryptionKey",
        "Payments:YooKassa:SecretKey", "Payments:CryptoPay:Token",
    ];

    public static WebApplicationBuilder AddVpnBotLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, log) =>
        {
            var config = services.GetRequiredService<IConfiguration>();
            var secrets = SecretKeys.Select(k => config[k]).OfType<string>().ToList();
            if (config.GetConnectionString("Postgres") is { } pg && new Npgsql.NpgsqlConnectionStringBuilder(pg).Password is { } pw)
                secrets.Add(pw);
            var template = new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
            log.ReadFrom.Configuration(config)
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Warning)
                .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .ReadFrom.Services(services);
            // Tests capture events through a sink of their own and keep the console quiet.
            if (config.GetValue("Logging:Console", true))
                log.WriteTo.Console(new RedactingFormatter(template, secrets));
        }, preserveStaticLogger: true);
        // preserveStaticLogger: each host logs through its own logger. Otherwise every host in a
        // process writes to the static Log.Logger (the last one built) and the first host to stop
        // silences the others (Log.CloseAndFlush) - which made parallel integration tests miss log events.
        return builder;
    }
}
