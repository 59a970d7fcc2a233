using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VpnBot.Core.Audit;
using VpnBot.Core.Payments;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Core.Vpn.SubscriptionFeed;

namespace VpnBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Subscription lifecycle, payments and the backend-task worker. The host adds AppDbContext (scoped),
    /// ICustomerNotifier, AdminRoster with UserAdministration, IProvisioningService (AddProvisioning) and the payment gateways (AddPayments); TimeProvider defaults to the system clock.
    /// </summary>
    public static IServiceCollection AddCoreServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SubscriptionOptions>().Bind(configuration.GetSection(SubscriptionOptions.Section));
        services.AddOptions<BackendTaskOptions>().Bind(configuration.GetSection(BackendTaskOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BackendTaskSignal>();
        services.TryAddSingleton<BackendTaskProcessor>();
        services.TryAddScoped<SubscriptionService>();
        services.TryAddScoped<PaymentService>();
        services.TryAddScoped<RenewalService>();
        services.TryAddScoped<ExpiryReminders>();
        services.TryAddScoped<PaymentReviews>();
        services.AddOptions<PaymentSweepOptions>().Bind(configuration.GetSection(PaymentSweepOptions.Section));
        services.TryAddScoped<PendingPaymentSweep>();
        services.TryAddScoped<Analytics.BusinessReports>();
        services.TryAddScoped<BackendTaskAdministration>();
        services.TryAddScoped<ServerAdministration>();
        services.TryAddScoped<PlanAdministration>();
        services.TryAddScoped<AuditLogReader>();
        services.TryAddScoped<BroadcastService>();
        services.AddOptions<SubscriptionFeedOptions>().Bind(configuration.GetSection(SubscriptionFeedOptions.Section));
        services.TryAddScoped<SubscriptionFeedService>();
        return services;
    }
}
