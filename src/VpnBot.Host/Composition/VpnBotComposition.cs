using VpnBot.Core;
using VpnBot.Host.Backups;
using VpnBot.Host.Bots.Admin;
using VpnBot.Host.Bots.Client;
using VpnBot.Host.Bots.Support;
using VpnBot.Host.Endpoints;
using VpnBot.Host.Health;
using VpnBot.Host.Jobs;
using VpnBot.Host.Logging;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Hosting;
using VpnBot.Host.Webhooks;
using VpnBot.Payments;
using VpnBot.Vpn;

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
            .AddCoreServices(config)
            .AddVpn(config)
            .AddSshVpnProviders()
            .AddProvisioning()
            .AddPayments(config)
            .AddTelegramPlumbing(config)
            .AddClientBot()
            .AddSupportBot(config)
            .AddAdminBot()
            .AddBackups(config)
            .AddVpnBotJobs(config)
            .AddVpnBotHealth();
        return builder;
    }

    public static WebApplication MapVpnBot(this WebApplication app)
    {
        app.MapVpnBotHealth();
        app.MapTelegramWebhooks();
        app.MapSubscriptionFeed();
        app.MapPaymentWebhooks();
        return app;
    }
}
