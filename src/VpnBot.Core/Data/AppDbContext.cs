using Microsoft.EntityFrameworkCore;
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

namespace VpnBot.Core.Data;

public class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Server> Servers => Set<Server>();
    public DbSet<ServerStats> ServerStats => Set<ServerStats>();
    public DbSet<SubscriptionPlan> Plans => Set<SubscriptionPlan>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<VpnConfig> VpnConfigs => Set<VpnConfig>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();
    public DbSet<StarsReceipt> StarsReceipts => Set<StarsReceipt>();
    public DbSet<SupportTicket> SupportTickets => Set<SupportTicket>();
    public DbSet<SupportMessage> SupportMessages => Set<SupportMessage>();
    public DbSet<UserActivity> UserActivities => Set<UserActivity>();
    public DbSet<AdminAuditLog> AuditLog => Set<AdminAuditLog>();
    public DbSet<Broadcast> Broadcasts => Set<Broadcast>();
    public DbSet<IpAllocation> IpAllocations => Set<IpAllocation>();
    public DbSet<BackendTask> BackendTasks => Set<BackendTask>();
    public DbSet<BalanceEntry> BalanceEntries => Set<BalanceEntry>();
    public DbSet<CertificateRevocation> CertificateRevocations => Set<CertificateRevocation>();
    public DbSet<PromoCode> PromoCodes => Set<PromoCode>();
    public DbSet<PromoRedemption> PromoRedemptions => Set<PromoRedemption>();
    public DbSet<RememberedPromo> RememberedPromos => Set<RememberedPromo>();
    public DbSet<Referrals.ReferralReward> ReferralRewards => Set<Referrals.ReferralReward>();
    public DbSet<Referrals.FeatureSwitch> FeatureSwitches => Set<Referrals.FeatureSwitch>();
    public DbSet<Gifts.Gift> Gifts => Set<Gifts.Gift>();

    /// <summary>Sequence behind every CRL's number: strictly increasing across all servers, never reused.</summary>
    public const string CrlNumberSequence = "crl_numbers";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as readable snake_case text ("waiting_client"), never as integers.
        configurationBuilder.Properties<UserRole>().HaveConversion<SnakeCaseEnumConverter<UserRole>>().HaveMaxLength(32);
        configurationBuilder.Properties<SubscriptionStatus>().HaveConversion<SnakeCaseEnumConverter<SubscriptionStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<VpnProtocol>().HaveConversion<SnakeCaseEnumConverter<VpnProtocol>>().HaveMaxLength(32);
        configurationBuilder.Properties<TicketStatus>().HaveConversion<SnakeCaseEnumConverter<TicketStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<TicketPriority>().HaveConversion<SnakeCaseEnumConverter<TicketPriority>>().HaveMaxLength(32);
        configurationBuilder.Properties<PaymentStatus>().HaveConversion<SnakeCaseEnumConverter<PaymentStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<BalanceReason>().HaveConversion<SnakeCaseEnumConverter<BalanceReason>>().HaveMaxLength(32);
        configurationBuilder.Properties<PaymentPurpose>().HaveConversion<SnakeCaseEnumConverter<PaymentPurpose>>().HaveMaxLength(32);
        configurationBuilder.Properties<BackendTaskKind>().HaveConversion<SnakeCaseEnumConverter<BackendTaskKind>>().HaveMaxLength(32);
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        modelBuilder.HasSequence<long>(CrlNumberSequence);
    }
}
