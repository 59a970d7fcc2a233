using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Data.Configurations;

internal sealed class VpnConfigConfiguration : IEntityTypeConfiguration<VpnConfig>
{
    public void Configure(EntityTypeBuilder<VpnConfig> b)
    {
        b.HasOne(c => c.Subscription).WithMany(s => s.Configs).HasForeignKey(c => c.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(c => c.Server).WithMany().HasForeignKey(c => c.ServerId).OnDelete(DeleteBehavior.Restrict);
        b.Property(c => c.ConfigData).HasColumnType("jsonb");
        b.Property(c => c.ExternalName).HasMaxLength(64);
        // One live client per name per server: a retried create finds the existing row.
        b.HasIndex(c => new { c.ServerId, c.ExternalName }).IsUnique();
        b.HasIndex(c => new { c.SubscriptionId, c.IsActive });
    }
}
