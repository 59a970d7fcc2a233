using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Vpn;

namespace VpnBot.Core.Data.Configurations;

internal sealed class IpAllocationConfiguration : IEntityTypeConfiguration<IpAllocation>
{
    public void Configure(EntityTypeBuilder<IpAllocation> b)
    {
        b.Property(a => a.Address).HasMaxLength(64);
        b.HasIndex(a => new { a.ServerId, a.Address }).IsUnique();
    }
}

internal sealed class BackendTaskConfiguration : IEntityTypeConfiguration<BackendTask>
{
    public void Configure(EntityTypeBuilder<BackendTask> b)
    {
        b.Property(t => t.LastError).HasMaxLength(1024);
        // The worker's hot query: due, unfinished tasks.
        b.HasIndex(t => t.NextAttemptAt).HasFilter("completed_at IS NULL");
    }
}
