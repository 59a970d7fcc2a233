using VpnBot.Host.Bots.Client.Gifts;

namespace VpnBot.Host.Bots.Client.Referrals;

public static class ReferralRegistration
{
    /// <summary>The client bot's invite and gift links: the bot's own username (asked once), the /start payload readers, the gift notice.</summary>
    public static IServiceCollection AddClientReferralsAndGifts(this IServiceCollection services)
    {
        services.AddSingleton<ClientBotLink>();
        services.AddScoped<ReferralStartLink>();
        services.AddScoped<GiftStartLink>();
        services.AddScoped<GiftNotices>();
        return services;
    }
}
