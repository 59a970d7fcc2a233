using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Payments;

namespace VpnBot.Core.Data.Configurations;

internal sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> b)
    {
        b.Property(e => e.Provider).HasMaxLength(32);
        b.Property(e => e.EventKey).HasMaxLength(256);
        b.HasIndex(e => new { e.Provider, e.EventKey }).IsUnique();
    }
}
