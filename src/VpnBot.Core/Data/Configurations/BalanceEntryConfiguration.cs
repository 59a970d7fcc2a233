using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Balance;
using VpnBot.Core.Users;

namespace VpnBot.Core.Data.Configurations;

internal sealed class BalanceEntryConfiguration : IEntityTypeConfiguration<BalanceEntry>
{
    public void Configure(EntityTypeBuilder<BalanceEntry> b)
    {
        b.ToTable("balance_entries", t => t.HasCheckConstraint("ck_balance_entries_amount_not_zero", "amount <> 0"));
        b.Property(e => e.Amount).HasPrecision(18, 2);
        b.Property(e => e.BalanceAfter).HasPrecision(18, 2);
        b.Property(e => e.Reference).HasMaxLength(128);
        b.Property(e => e.Key).HasMaxLength(128);
        // One cause posts once: the ledger's exactly-once guarantee.
        b.HasIndex(e => e.Key).IsUnique();
        // The customer's history page, newest first.
        b.HasIndex(e => new { e.UserId, e.Id });
        b.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(e => e.ActorUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
