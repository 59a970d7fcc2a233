using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Users;

namespace VpnBot.Core.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.HasIndex(u => u.TelegramId).IsUnique();
        b.HasIndex(u => u.SubscriptionToken).IsUnique();
        b.Property(u => u.Username).HasMaxLength(64);
        b.Property(u => u.FirstName).HasMaxLength(256);
        b.Property(u => u.LastName).HasMaxLength(256);
        b.Property(u => u.LanguageCode).HasMaxLength(16);
        b.Property(u => u.SubscriptionToken).HasMaxLength(64);
        b.Property(u => u.SavedPaymentMethodId).HasMaxLength(128);
        b.Property(u => u.UiLanguage).HasMaxLength(8);
        b.Property(u => u.Balance).HasPrecision(18, 2).HasDefaultValue(0m);
        // The ledger checks before it debits; this catches any path that would not.
        b.ToTable(t => t.HasCheckConstraint("ck_users_balance_not_negative", "balance >= 0"));
        b.Property(u => u.ReferralCode).HasMaxLength(16);
        b.HasIndex(u => u.ReferralCode).IsUnique();
        b.HasIndex(u => u.ReferredByUserId);
        b.HasOne<User>().WithMany().HasForeignKey(u => u.ReferredByUserId).OnDelete(DeleteBehavior.SetNull);
        b.Ignore(u => u.JustRegistered);
        b.Ignore(u => u.SpeaksRussian);
        b.Ignore(u => u.UiCulture);
    }
}
