using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace VpnBot.Host.Logging;

public static class VpnBotLogging
{
    public static WebApplicationBuilder AddVpnBotLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, log) =>
        {
            var config = services.GetRequiredService<IConfiguration>();
            var secrets = LogSecrets.From(config);
            var redactor = new SecretRedactor(secrets);
            var template = new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
            // Levels, enrichers and filters come from Serilog:* on the logger itself; the sinks of Serilog:WriteTo
            // are read into a sub-logger behind the redacting sink, so a sink added by configuration never sees a secret.
            var (settings, sinks) = SerilogSections.Split(config);
            log.ReadFrom.Configuration(settings)
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Warning)
                .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                // Sinks registered in code (the tests' capturing sink) get the raw event: tests prove with it that
                // secrets are not even handed to the logger.
                .ReadFrom.Services(services);
            log.WriteTo.Sink(LoggerSinkConfiguration.Wrap(sink => new RedactingSink(sink, redactor), redacted =>
            {
                redacted.Logger(sub => sub.MinimumLevel.Verbose().ReadFrom.Configuration(sinks));
                // Tests capture events through a sink of their own and keep the console quiet.
                if (config.GetValue("Logging:Console", true)) redacted.Console(new RedactingFormatter(template, secrets));
            }));
        }, preserveStaticLogger: true);
        // preserveStaticLogger: each host logs through its own logger. Otherwise every host in a
        // process writes to the static Log.Logger (the last one built) and the first host to stop
        // silences the others (Log.CloseAndFlush) - which made parallel integration tests miss log events.
        return builder;
    }
}
