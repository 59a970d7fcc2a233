using VpnBot.Core.Support;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Support;

public static class SupportBotRegistration
{
    /// <summary>The staff support bot: its module, its texts and the relay that posts tickets into the staff group's topics.</summary>
    public static IServiceCollection AddSupportBot(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<SupportOptions>(config.GetSection(SupportOptions.Section));
        services.AddSingleton<BotModule, SupportBotModule>();
        services.AddSingleton(SupportBotModule.Texts);
        services.AddScoped<ITicketRelay, TicketTopicRelay>();
        return services;
    }
}
