using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Gifts;
using VpnBot.Core.Payments;
using VpnBot.Core.Referrals;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Data.Configurations;

internal sealed class ReferralRewardConfiguration : IEntityTypeConfiguration<ReferralReward>
{
    public void Configure(EntityTypeBuilder<ReferralReward> b)
    {
        b.ToTable("referral_rewards");
        // One reward per payment, however often the payment's notification arrives.
        b.HasIndex(r => r.PaymentId).IsUnique();
        b.HasIndex(r => r.ReferrerUserId);
        b.HasIndex(r => r.InviteeUserId);
        b.Property(r => r.Kind).HasConversion<SnakeCaseEnumConverter<ReferrerRewardKind>>().HasMaxLength(16);
        b.Property(r => r.Amount).HasPrecision(18, 2);
        b.Property(r => r.Shortfall).HasPrecision(18, 2);
        b.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.ReferrerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.InviteeUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Subscription>().WithMany().HasForeignKey(r => r.SubscriptionId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class FeatureSwitchConfiguration : IEntityTypeConfiguration<FeatureSwitch>
{
    public void Configure(EntityTypeBuilder<FeatureSwitch> b)
    {
        b.ToTable("feature_switches");
        b.HasKey(f => f.Name);
        b.Property(f => f.Name).HasMaxLength(64);
    }
}

internal sealed class GiftConfiguration : IEntityTypeConfiguration<Gift>
{
    public void Configure(EntityTypeBuilder<Gift> b)
    {
        b.ToTable("gifts");
        b.HasIndex(g => g.PaymentId).IsUnique();
        b.HasIndex(g => g.Code).IsUnique();
        b.HasIndex(g => new { g.BuyerUserId, g.Id });
        b.Property(g => g.Code).HasMaxLength(32);
        b.Property(g => g.Status).HasConversion<SnakeCaseEnumConverter<GiftStatus>>().HasMaxLength(16);
        b.HasOne<Payment>().WithMany().HasForeignKey(g => g.PaymentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(g => g.BuyerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(g => g.RecipientUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SubscriptionPlan>().WithMany().HasForeignKey(g => g.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Subscription>().WithMany().HasForeignKey(g => g.SubscriptionId).OnDelete(DeleteBehavior.SetNull);
    }
}
