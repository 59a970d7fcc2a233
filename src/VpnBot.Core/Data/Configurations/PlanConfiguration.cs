using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Data.Configurations;

internal sealed class PlanConfiguration : IEntityTypeConfiguration<SubscriptionPlan>
{
    public void Configure(EntityTypeBuilder<SubscriptionPlan> b)
    {
        b.ToTable("subscription_plans");
        b.Property(p => p.Name).HasMaxLength(64);
        b.Property(p => p.Description).HasMaxLength(512);
        b.Property(p => p.Currency).HasMaxLength(8);
        b.Property(p => p.Price).HasPrecision(18, 2);
        b.HasIndex(p => p.IsActive);
    }
}
