using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Users;

namespace VpnBot.Core.Data.Configurations;

internal sealed class BroadcastConfiguration : IEntityTypeConfiguration<Broadcast>
{
    public void Configure(EntityTypeBuilder<Broadcast> b)
    {
        b.Property(x => x.ReportCulture).HasMaxLength(16);
        b.Property(x => x.Text).HasMaxLength(BroadcastService.MaxTextLength);
        // The sender looks for unfinished broadcasts at start-up.
        b.HasIndex(x => x.FinishedAt);
    }
}
