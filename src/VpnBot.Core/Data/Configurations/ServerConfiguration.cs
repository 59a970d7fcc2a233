using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Servers;

namespace VpnBot.Core.Data.Configurations;

internal sealed class ServerConfiguration : IEntityTypeConfiguration<Server>
{
    public void Configure(EntityTypeBuilder<Server> b)
    {
        b.HasIndex(s => s.Name).IsUnique();
        b.Property(s => s.Name).HasMaxLength(64);
        b.Property(s => s.Location).HasMaxLength(128);
        b.Property(s => s.CountryCode).HasMaxLength(2);
        b.Property(s => s.City).HasMaxLength(128);
        b.Property(s => s.IpAddress).HasMaxLength(64);
        b.Property(s => s.Domain).HasMaxLength(255);
        b.Property(s => s.Settings).HasColumnType("jsonb");
        b.Property(s => s.SupportedProtocols)
            .HasConversion(
                v => v.Select(SnakeCaseEnum<VpnProtocol>.ToText).ToArray(),
                v => v.Select(SnakeCaseEnum<VpnProtocol>.Parse).ToList(),
                new ValueComparer<List<VpnProtocol>>(
                    (a, c) => a!.SequenceEqual(c!),
                    v => v.Aggregate(0, (h, p) => HashCode.Combine(h, p)),
                    v => v.ToList()))
            .HasColumnType("text[]");
        b.Property(s => s.Version).IsRowVersion();
        b.Ignore(s => s.Host);
        b.Ignore(s => s.IsFull);
    }
}
