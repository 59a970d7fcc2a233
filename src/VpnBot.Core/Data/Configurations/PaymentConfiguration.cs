using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Payments;

namespace VpnBot.Core.Data.Configurations;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.Property(p => p.PaymentMethod).HasMaxLength(32);
        b.Property(p => p.ExternalPaymentId).HasMaxLength(128);
        b.Property(p => p.Currency).HasMaxLength(8);
        b.Property(p => p.Purpose).HasDefaultValue(PaymentPurpose.Subscription).HasSentinel(PaymentPurpose.Subscription);
        b.Property(p => p.Amount).HasPrecision(18, 2);
        b.Property(p => p.FromBalance).HasPrecision(18, 2);
        b.Property(p => p.CreditRub).HasPrecision(18, 2);
        b.Property(p => p.ReviewReason).HasMaxLength(512);
        b.Property(p => p.ConfirmationUrl).HasMaxLength(1024);
        b.HasIndex(p => new { p.PaymentMethod, p.ExternalPaymentId }).IsUnique();
        b.HasIndex(p => new { p.UserId, p.CreatedAt });
        b.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.Subscription).WithMany().HasForeignKey(p => p.SubscriptionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(p => p.Plan).WithMany().HasForeignKey(p => p.PlanId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Servers.Server>().WithMany().HasForeignKey(p => p.ServerId).OnDelete(DeleteBehavior.SetNull);
        b.Property(p => p.Version).IsRowVersion();
    }
}
