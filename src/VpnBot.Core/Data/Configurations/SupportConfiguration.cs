using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VpnBot.Core.Support;

namespace VpnBot.Core.Data.Configurations;

internal sealed class SupportTicketConfiguration : IEntityTypeConfiguration<SupportTicket>
{
    public void Configure(EntityTypeBuilder<SupportTicket> b)
    {
        b.Property(t => t.Subject).HasMaxLength(256);
        b.HasIndex(t => new { t.UserId, t.Status });
        // One ticket that is not closed per user, even when two opens race.
        b.HasIndex(t => t.UserId).IsUnique().HasFilter("status <> 'closed'").HasDatabaseName(TicketService.OneOpenTicketIndex);
        b.HasIndex(t => t.TopicId).IsUnique();
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupportMessageConfiguration : IEntityTypeConfiguration<SupportMessage>
{
    public void Configure(EntityTypeBuilder<SupportMessage> b)
    {
        b.Property(m => m.MessageText).HasMaxLength(4096);
        b.HasIndex(m => new { m.TicketId, m.CreatedAt });
        b.HasOne(m => m.Ticket).WithMany(t => t.Messages).HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
