using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;

namespace VpnBot.Core.Data.Configurations;

internal sealed class IpAllocationConfiguration : IEntityTypeConfiguration<IpAllocation>
{
    public void Configure(EntityTypeBuilder<IpAllocation> b)
    {
        b.Property(a => a.Address).HasMaxLength(64);
        b.HasIndex(a => new { a.ServerId, a.Address }).IsUnique();
        b.Property(a => a.ExternalName).HasMaxLength(64);
        // One reservation per client name per server: a retried create finds it instead of allocating again.
        b.HasIndex(a => new { a.ServerId, a.ExternalName }).IsUnique();
        b.Property(a => a.KeyData).HasColumnType("jsonb");
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

internal sealed class CertificateRevocationConfiguration : IEntityTypeConfiguration<CertificateRevocation>
{
    public void Configure(EntityTypeBuilder<CertificateRevocation> b)
    {
        b.Property(r => r.SerialNumber).HasMaxLength(64);
        b.Property(r => r.ExternalName).HasMaxLength(64);
        b.HasIndex(r => new { r.ServerId, r.SerialNumber }).IsUnique();
    }
}
