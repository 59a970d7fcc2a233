using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Support;

/// <summary>
/// What the relays between a customer and the staff group read and keep: the ticket with its customer, one of its
/// messages, and the forum topic the ticket lives in. Only the database: the relays are called from inside
/// <see cref="TicketService"/>, so this must not depend on it.
/// </summary>
public sealed class RelayedTickets(AppDbContext db)
{
    /// <summary>The ticket with its customer, tracked so <see cref="SaveTopicAsync"/> can record its topic.</summary>
    public Task<SupportTicket?> ForStaffGroupAsync(long ticketId, CancellationToken ct) =>
        db.SupportTickets.Include(t => t.User).FirstOrDefaultAsync(t => t.Id == ticketId, ct);

    /// <summary>The ticket with its customer, read only.</summary>
    public Task<SupportTicket?> ForCustomerAsync(long ticketId, CancellationToken ct) =>
        db.SupportTickets.AsNoTracking().Include(t => t.User).SingleOrDefaultAsync(t => t.Id == ticketId, ct);

    public async Task<int?> TopicOfAsync(long ticketId, CancellationToken ct) =>
        (await db.SupportTickets.FindAsync([ticketId], ct))?.TopicId;

    public Task<SupportMessage?> MessageAsync(long ticketId, long messageId, CancellationToken ct) =>
        db.SupportMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId && m.TicketId == ticketId, ct);

    /// <summary>Records the forum topic a ticket (loaded by <see cref="ForStaffGroupAsync"/>) now lives in.</summary>
    public async Task SaveTopicAsync(SupportTicket ticket, int topicId, CancellationToken ct)
    {
        ticket.TopicId = topicId;
        await db.SaveChangesAsync(ct);
    }
}
