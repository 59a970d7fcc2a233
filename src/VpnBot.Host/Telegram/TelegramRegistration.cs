using System.Net;
using VpnBot.Core.Users;
using VpnBot.Host.Analytics;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram.Hosting;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;
using VpnBot.Host.Telegram.Throttling;

namespace VpnBot.Host.Telegram;

public static class TelegramRegistration
{
    /// <summary>
    /// What the three bots share: the bot clients, receiving (polling or webhook) and per-chat dispatch, the common
    /// middleware, conversation state, texts, screens and the pace for messages the bots send on their own. Each bot
    /// adds its module, handlers' services and texts itself (AddClientBot, AddSupportBot, AddAdminBot).
    /// </summary>
    public static IServiceCollection AddTelegramPlumbing(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<TelegramOptions>(config.GetSection(TelegramOptions.Section));
        services.Configure<BotsOptions>(config.GetSection(BotsOptions.Section));
        services.Configure<ThrottleOptions>(config.GetSection(ThrottleOptions.Section));
        services.AddSingleton(AdminIds.From(config));
        // Core refuses to ban an admin; who is one depends on the host's configuration.
        services.AddSingleton(sp => new AdminRoster(sp.GetRequiredService<AdminIds>().Ids));

        // Registered before the receivers so that at shutdown it stops after them and writes their last activity rows.
        services.AddHostedService<ActivityFlushService>();

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
        services.AddSingleton<ScreenRenderer>();
        services.AddSingleton<NotificationPace>();
        services.AddSingleton<RedisHealth>();
        services.AddSingleton<UpdateThrottle>();
        services.AddSingleton<IConversationStore, RedisConversationStore>();
        services.AddSingleton<UpdateProcessor>();
        services.AddSingleton<BotDispatchers>();
        services.AddSingleton<UpdateInboxes>();
        services.AddScoped<UpdateContextAccessor>();
        services.AddScoped<UserMiddleware>();
        services.AddScoped<PeopleOnlyMiddleware>();
        services.AddScoped<BanMiddleware>();
        services.AddScoped<ThrottleMiddleware>();

        foreach (var bot in BotKinds.All)
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<BotReceiverService>(sp, bot));
        return services;
    }
}
