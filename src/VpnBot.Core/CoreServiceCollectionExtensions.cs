using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VpnBot.Core.Analytics;
using VpnBot.Core.Audit;
using VpnBot.Core.Balance;
using VpnBot.Core.Payments;
using VpnBot.Core.Promotions;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Support;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Core.Vpn.SubscriptionFeed;

namespace VpnBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Every Core service: users, subscriptions, payments, support tickets, servers, analytics, audit and the
    /// backend-task processor. TimeProvider defaults to the system clock (registered here only). What Core asks of
    /// its host: AppDbContext (scoped) and NpgsqlDataSource, SecretProtector, AdminRoster (who is an admin),
    /// ICustomerNotifier, IOperatorAlerts, ITicketRelay and ICustomerTicketRelay (the bots), IProvisioningService and
    /// UsageCollector (AddProvisioning), IVpnProviderFactory (AddVpn) and the payment gateways (AddPayments).
    /// </summary>
    public static IServiceCollection AddCoreServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SubscriptionOptions>().Bind(configuration.GetSection(SubscriptionOptions.Section));
        services.AddOptions<BackendTaskOptions>().Bind(configuration.GetSection(BackendTaskOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BackendTaskSignal>();
        services.TryAddSingleton<BackendTaskProcessor>();
        services.TryAddScoped<SubscriptionService>();
        services.TryAddScoped<BalanceLedger>();
        services.AddOptions<BalanceOptions>().Bind(configuration.GetSection(BalanceOptions.Section));
        services.TryAddScoped<TopUps>();
        services.TryAddScoped<PaymentService>();
        services.TryAddScoped<PromoCodes>();
        services.TryAddScoped<PromoAdministration>();
        services.AddOptions<Referrals.ReferralOptions>().Bind(configuration.GetSection(Referrals.ReferralOptions.Section));
        services.TryAddScoped<Referrals.ReferralProgram>();
        services.TryAddScoped<Referrals.ReferralAttribution>();
        services.TryAddScoped<Referrals.ReferralRewards>();
        services.TryAddScoped<Referrals.ReferralStats>();
        services.TryAddScoped<Gifts.GiftService>();
        services.TryAddScoped<Gifts.GiftCatalog>();
        services.TryAddScoped<RenewalService>();
        services.TryAddScoped<ExpiryReminders>();
        services.TryAddScoped<WinBackMessages>();
        services.TryAddScoped<IWinBackOffer, Promotions.PromoWinBackOffer>();
        services.TryAddScoped<PaymentReviews>();
        services.TryAddScoped<StarsReceipts>();
        services.AddOptions<PaymentSweepOptions>().Bind(configuration.GetSection(PaymentSweepOptions.Section));
        services.TryAddScoped<PendingPaymentSweep>();
        services.TryAddScoped<BusinessReports>();
        services.TryAddScoped<BackendTaskAdministration>();
        services.TryAddScoped<ServerAdministration>();
        services.TryAddScoped<PlanAdministration>();
        services.TryAddScoped<AuditLogReader>();
        services.TryAddScoped<BroadcastService>();
        services.AddOptions<SubscriptionFeedOptions>().Bind(configuration.GetSection(SubscriptionFeedOptions.Section));
        services.TryAddScoped<SubscriptionFeedService>();
        services.TryAddSingleton<UserRegistry>();
        services.TryAddScoped<UserAdministration>();
        services.TryAddScoped<UserPreferences>();
        services.TryAddScoped<PaymentHistory>();
        services.TryAddScoped<ServerDirectory>();
        services.TryAddScoped<PlanCatalog>();
        services.TryAddScoped<CustomerKeys>();
        services.TryAddScoped<AdminDashboard>();
        services.TryAddScoped<Operations.OperatorAlertFacts>();
        services.TryAddScoped<CustomerNoticeFacts>();
        services.TryAddScoped<RelayedTickets>();
        services.TryAddScoped<TicketService>();
        services.TryAddSingleton<ActivityLog>();
        services.TryAddSingleton<ActivityWriter>();
        return services;
    }
}
