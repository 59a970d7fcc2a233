using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Servers;

namespace VpnBot.Core.Data.Configurations;

internal sealed class ServerStatsConfiguration : IEntityTypeConfiguration<ServerStats>
{
    public void Configure(EntityTypeBuilder<ServerStats> b)
    {
        b.ToTable("server_stats");
        b.HasIndex(s => new { s.ServerId, s.RecordedAt });
        b.HasOne(s => s.Server).WithMany().HasForeignKey(s => s.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
