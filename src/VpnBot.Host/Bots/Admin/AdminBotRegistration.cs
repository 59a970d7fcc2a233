using VpnBot.Core.Operations;
using VpnBot.Host.Backups;
using VpnBot.Host.Bots.Admin.Alerts;
using VpnBot.Host.Bots.Admin.Broadcast;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Admin;

public static class AdminBotRegistration
{
    /// <summary>The operators' bot: its module, its texts, its admins-only gate, operator alerts and the broadcast sender.</summary>
    public static IServiceCollection AddAdminBot(this IServiceCollection services)
    {
        services.AddSingleton<BotModule, AdminBotModule>();
        services.AddSingleton(AdminBotModule.Texts);
        services.AddScoped<AdminOnlyMiddleware>();
        services.AddScoped<IOperatorAlerts, AdminAlerts>();
        services.AddScoped<IStarsReceiptAlerts, AdminAlerts>();
        services.AddScoped<IBackupReports, BackupAlerts>();
        services.AddSingleton<BroadcastQueue>();
        services.AddHostedService<BroadcastSender>();
        return services;
    }
}
