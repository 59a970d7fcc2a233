using VpnBot.Host.Endpoints;
using VpnBot.Core;
using VpnBot.Core.Users;
using VpnBot.Host.Bots.Client.Delivery;
using VpnBot.Host.Bots.Client.Payments;
using VpnBot.Host.Health;
using VpnBot.Host.Jobs;
using VpnBot.Host.Webhooks;
using VpnBot.Payments;
using VpnBot.Payments.Stars;
using VpnBot.Vpn;
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
            .AddVpn(config)
            .AddSshVpnProviders()
            .AddProvisioning()
            .AddCoreServices(config)
            .AddPayments(config)
            .AddTelegramBots(config)
            .AddClientDelivery()
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

    /// <summary>How the client bot reaches customers outside a conversation, and sells for Stars.</summary>
    private static IServiceCollection AddClientDelivery(this IServiceCollection services)
    {
        services.AddScoped<ConfigDelivery>();
        services.AddSingleton<NotificationPace>();
        services.AddSingleton<PaymentNoticeQueue>();
        services.AddHostedService<PaymentNoticeSender>();
        services.AddScoped<ClientNotifier>();
        services.AddScoped<ICustomerNotifier>(sp => sp.GetRequiredService<ClientNotifier>());
        services.AddSingleton<ITelegramStars, TelegramStars>();
        services.AddScoped<Core.Operations.IOperatorAlerts, Bots.Admin.Alerts.AdminAlerts>();
        services.AddScoped<Core.Operations.IStarsReceiptAlerts, Bots.Admin.Alerts.AdminAlerts>();
        services.AddSingleton<IUpdateInbox, StarsReceiptInbox>();
        return services;
    }
}
