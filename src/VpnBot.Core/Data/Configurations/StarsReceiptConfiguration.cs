using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Payments;

namespace VpnBot.Core.Data.Configurations;

internal sealed class StarsReceiptConfiguration : IEntityTypeConfiguration<StarsReceipt>
{
    public void Configure(EntityTypeBuilder<StarsReceipt> b)
    {
        b.ToTable("stars_receipts");
        b.Property(r => r.TelegramPaymentChargeId).HasMaxLength(128);
        b.Property(r => r.InvoicePayload).HasMaxLength(128);
        b.Property(r => r.Currency).HasMaxLength(8);
        b.Property(r => r.State).HasConversion<SnakeCaseEnumConverter<StarsReceiptState>>().HasMaxLength(32);
        b.Property(r => r.LastError).HasMaxLength(512);
        b.Ignore(r => r.IsOpen);
        // Telegram repeats successful_payment until acknowledged: the charge id makes the repeat a no-op.
        b.HasIndex(r => r.TelegramPaymentChargeId).IsUnique();
        // The retry job's query.
        b.HasIndex(r => new { r.State, r.NextAttemptAt });
    }
}
