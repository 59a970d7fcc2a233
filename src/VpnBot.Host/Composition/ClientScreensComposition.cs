using VpnBot.Core.Analytics;
using VpnBot.Core.Payments;
using VpnBot.Core.Servers;
using VpnBot.Core.Support;
using VpnBot.Core.Users;
using VpnBot.Host.Analytics;
using VpnBot.Host.Bots.Client.Delivery;
using VpnBot.Host.Bots.Support;
using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Host.Composition;

public static class ClientScreensComposition
{
    /// <summary>
    /// The services behind the client bot's servers, instructions, support and profile screens,
    /// the ticket relays (client to the staff group and back), and the user-activity log. Register before the bots so
    /// that at shutdown the activity writer stops after them and writes their last rows.
    /// </summary>
    public static IServiceCollection AddClientScreens(this IServiceCollection services)
    {
        services.AddSingleton<ActivityLog>();
        services.AddSingleton<ActivityWriter>();
        services.AddHostedService<ActivityFlushService>();

        services.AddSingleton<ScreenRenderer>();
        services.AddScoped<ServerDirectory>();
        services.AddScoped<UserPreferences>();
        services.AddScoped<PaymentHistory>();
        services.AddScoped<TicketService>();
        services.AddScoped<ITicketRelay, TicketTopicRelay>();
        services.AddScoped<ICustomerTicketRelay, CustomerTicketRelay>();
        return services;
    }
}
