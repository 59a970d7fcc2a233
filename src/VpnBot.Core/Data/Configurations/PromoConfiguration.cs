using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Payments;
using VpnBot.Core.Promotions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Data.Configurations;

internal sealed class PromoCodeConfiguration : IEntityTypeConfiguration<PromoCode>
{
    public void Configure(EntityTypeBuilder<PromoCode> b)
    {
        b.ToTable("promo_codes", t => t.HasCheckConstraint("ck_promo_codes_value_positive", "value > 0"));
        b.Property(p => p.Code).HasMaxLength(PromoCode.MaxCodeLength);
        // Stored upper-case, so this is also the case-insensitive uniqueness.
        b.HasIndex(p => p.Code).IsUnique();
        b.Property(p => p.Kind).HasConversion<SnakeCaseEnumConverter<PromoKind>>().HasMaxLength(32);
        b.Property(p => p.Value).HasPrecision(18, 2);
        b.HasOne<User>().WithMany().HasForeignKey(p => p.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PromoRedemptionConfiguration : IEntityTypeConfiguration<PromoRedemption>
{
    public void Configure(EntityTypeBuilder<PromoRedemption> b)
    {
        b.ToTable("promo_redemptions");
        b.Property(r => r.Status).HasConversion<SnakeCaseEnumConverter<RedemptionStatus>>().HasMaxLength(32);
        b.Ignore(r => r.Counts);
        // Counting a code's uses (total, and one customer's) under its lock.
        b.HasIndex(r => new { r.PromoCodeId, r.UserId });
        // One use per payment.
        b.HasIndex(r => r.PaymentId).IsUnique();
        b.HasOne<PromoCode>().WithMany().HasForeignKey(r => r.PromoCodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RememberedPromoConfiguration : IEntityTypeConfiguration<RememberedPromo>
{
    public void Configure(EntityTypeBuilder<RememberedPromo> b)
    {
        b.ToTable("remembered_promos");
        b.HasKey(r => r.UserId);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PromoCode>().WithMany().HasForeignKey(r => r.PromoCodeId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The promo columns of payments, kept beside the promo tables they point to (PaymentConfiguration holds the rest).</summary>
internal sealed class PaymentPromoConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.Property(p => p.Discount).HasPrecision(18, 2);
        b.HasOne<PromoCode>().WithMany().HasForeignKey(p => p.PromoCodeId).OnDelete(DeleteBehavior.Restrict);
    }
}
