using VpnBot.Host.Health;
using VpnBot.Host.Logging;
using VpnBot.Host.Telegram.Hosting;

namespace VpnBot.Host.Composition;

/// <summary>The whole process, module by module: what Program.cs and the integration tests both build.</summary>
public static class VpnBotComposition
{
    public static WebApplicationBuilder AddVpnBot(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.AddVpnBotLogging();
        builder.Services
            .AddVpnBotData(config)
            .AddVpnBotRedis(config)
            .AddClientScreens()
            .AddTelegramBots(config)
            .AddVpnBotHealth();
        return builder;
    }

    public static WebApplication MapVpnBot(this WebApplication app)
    {
        app.MapVpnBotHealth();
        app.MapTelegramWebhooks();
        return app;
    }
}
