using VpnBot.Core.Support;
using VpnBot.Core.Users;
using VpnBot.Host.Bots.Client.Account;
using VpnBot.Host.Bots.Client.Delivery;
using VpnBot.Host.Bots.Client.Purchase;
using VpnBot.Host.Bots.Client.Referrals;
using VpnBot.Host.Telegram.Hosting;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Payments.Stars;

namespace VpnBot.Host.Bots.Client;

public static class ClientBotRegistration
{
    /// <summary>
    /// The customer bot: its module (routes), its texts, and how it reaches customers outside a conversation
    /// (payment and config notices, support answers) and sells for Stars.
    /// </summary>
    public static IServiceCollection AddClientBot(this IServiceCollection services)
    {
        services.AddSingleton<BotModule, ClientBotModule>();
        services.AddSingleton(ClientBotModule.Texts);

        services.AddScoped<SendConfigAction>();
        services.AddScoped<CheckoutMethods>();
        services.AddScoped<Home.PromoDeepLink>();
        services.AddSingleton<VpnBot.Host.Telegram.Throttling.PromoGuessThrottle>();
        services.AddScoped<ReissueConfigAction>();
        services.AddScoped<ConfigDelivery>();
        services.AddSingleton<PaymentNoticeQueue>();
        services.AddHostedService<PaymentNoticeSender>();
        services.AddScoped<ClientNotifier>();
        services.AddScoped<ICustomerNotifier>(sp => sp.GetRequiredService<ClientNotifier>());
        services.AddScoped<ICustomerTicketRelay, CustomerTicketRelay>();
        services.AddSingleton<ITelegramStars, TelegramStars>();
        services.AddSingleton<IUpdateInbox, StarsReceiptInbox>();
        services.AddClientReferralsAndGifts();
        return services;
    }
}
