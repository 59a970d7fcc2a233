using System.Net;
using VpnBot.Core.Users;
using VpnBot.Host.Bots.Admin;
using VpnBot.Host.Bots.Admin.Broadcast;
using VpnBot.Host.Bots.Client;
using VpnBot.Host.Bots.Support;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Hosting;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;
using VpnBot.Host.Telegram.Throttling;

namespace VpnBot.Host.Composition;

public static class TelegramComposition
{
    public static IServiceCollection AddTelegramBots(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<TelegramOptions>(config.GetSection(TelegramOptions.Section));
        services.Configure<BotsOptions>(config.GetSection(BotsOptions.Section));
        services.Configure<SupportOptions>(config.GetSection(SupportOptions.Section));
        services.Configure<ThrottleOptions>(config.GetSection(ThrottleOptions.Section));
        services.AddSingleton(AdminIds.From(config));
        // Who is an admin depends on the host's configuration, so the service that refuses to ban one is registered here.
        services.AddSingleton(sp => new AdminRoster(sp.GetRequiredService<AdminIds>().Ids));
        services.AddScoped<UserAdministration>();
        services.AddSingleton<BroadcastQueue>();
        services.AddHostedService<BroadcastSender>();

        services.AddHttpClient(BotClients.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(90))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 256,
                AutomaticDecompression = DecompressionMethods.All,
            })
            .AddHttpMessageHandler(() => new TelegramRetryHandler());
        // The default HttpClient logs put the request URI, and with it the bot token, into a
        // logging scope that every later line inherits. Telegram calls are logged by us instead.
        services.AddHttpClient(BotClients.HttpClientName).RemoveAllLoggers();

        services.AddSingleton<BotClients>();
        services.AddSingleton<BotTexts>();
        services.AddSingleton<RedisHealth>();
        services.AddSingleton<UpdateThrottle>();
        services.AddSingleton<IConversationStore, RedisConversationStore>();
        services.AddSingleton<UpdateProcessor>();
        services.AddSingleton<BotDispatchers>();
        services.AddSingleton<UpdateInboxes>();
        services.AddScoped<UpdateContextAccessor>();

        services.AddSingleton<BotModule, ClientBotModule>();
        services.AddSingleton<BotModule, SupportBotModule>();
        services.AddSingleton<BotModule, AdminBotModule>();
        services.AddScoped<UserMiddleware>();
        services.AddScoped<BanMiddleware>();
        services.AddScoped<ThrottleMiddleware>();
        services.AddScoped<AdminOnlyMiddleware>();

        foreach (var bot in BotKinds.All)
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<BotReceiverService>(sp, bot));
        return services;
    }
}
