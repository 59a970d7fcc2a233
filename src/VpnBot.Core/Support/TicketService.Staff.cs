using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;
using VpnBot.Core.Users;

namespace VpnBot.Core.Support;

/// <summary>
/// The staff's side of tickets, addressed by the forum topic they work in: answer the client,
/// close, reopen, take a ticket. Every change of status or owner writes an audit row (who, what,
/// before, after) in the same transaction; answers and closing are then passed to the customer.
/// </summary>
public sealed partial class TicketService
{
    public const string AuditStatus = "ticket-status";
    public const string AuditAssign = "ticket-assign";
    public const string AuditTarget = "ticket";

    /// <summary>The ticket that lives in this forum topic, if any.</summary>
    public Task<SupportTicket?> FindByTopicAsync(int topicId, CancellationToken ct) =>
        db.SupportTickets.AsNoTracking().FirstOrDefaultAsync(t => t.TopicId == topicId, ct);

    /// <summary>
    /// A staff member answers in the ticket's topic: stored as theirs, the ticket taken (if nobody
    /// had it) and left waiting for the client, then sent to the customer.
    /// </summary>
    public async Task<TicketResult> AddStaffReplyAsync(int topicId, User staff, string? text, int? telegramMessageId, CancellationToken ct)
    {
        var ticket = await db.SupportTickets.FirstOrDefaultAsync(t => t.TopicId == topicId, ct);
        if (ticket is null) return TicketResult.Fail(TicketError.NotFound);
        if (ticket.IsClosed) return TicketResult.Fail(TicketError.AlreadyClosed);
        if (SupportTicket.CheckStaffMessage(text) is { } invalid) return TicketResult.Fail(invalid);

        var now = time.GetUtcNow();
        var before = TicketState.Of(ticket);
        var message = ticket.AddStaffMessage(staff.Id, text!, telegramMessageId, now);
        AuditChanges(staff, ticket, before, now);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Ticket {TicketId}: staff user {UserId} answered", ticket.Id, staff.Id);
        var delivery = await TellCustomerAsync(() => customers.StaffReplyAddedAsync(ticket.Id, message.Id, ct), ticket.Id, ct);
        return TicketResult.Success(ticket) with { Delivery = delivery };
    }

    /// <summary>Staff close the ticket; the customer is told. Closing a closed one is refused.</summary>
    public async Task<TicketResult> CloseByStaffAsync(int topicId, User staff, CancellationToken ct)
    {
        var ticket = await db.SupportTickets.FirstOrDefaultAsync(t => t.TopicId == topicId, ct);
        if (ticket is null) return TicketResult.Fail(TicketError.NotFound);
        if (ticket.IsClosed) return TicketResult.Fail(TicketError.AlreadyClosed);

        var now = time.GetUtcNow();
        var before = TicketState.Of(ticket);
        ticket.Close(now);
        AuditChanges(staff, ticket, before, now);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Ticket {TicketId} closed by staff user {UserId}", ticket.Id, staff.Id);
        var delivery = await TellCustomerAsync(() => customers.TicketClosedByStaffAsync(ticket.Id, ct), ticket.Id, ct);
        return TicketResult.Success(ticket) with { Delivery = delivery };
    }

    /// <summary>
    /// Staff reopen a closed ticket. Refused when it is not closed, and when the customer has
    /// opened another ticket meanwhile (a customer has one open ticket at a time).
    /// </summary>
    public async Task<TicketResult> ReopenByStaffAsync(int topicId, User staff, CancellationToken ct)
    {
        var ticket = await db.SupportTickets.FirstOrDefaultAsync(t => t.TopicId == topicId, ct);
        if (ticket is null) return TicketResult.Fail(TicketError.NotFound);
        if (!ticket.IsClosed) return TicketResult.Fail(TicketError.NotClosed);
        if (await FindOpenAsync(ticket.UserId, ct) is not null) return TicketResult.Fail(TicketError.AlreadyOpen);

        var now = time.GetUtcNow();
        var before = TicketState.Of(ticket);
        ticket.Reopen(now);
        AuditChanges(staff, ticket, before, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OneOpenTicketIndex })
        {
            // The customer opened a new ticket between the check and the save.
            db.ChangeTracker.Clear();
            return TicketResult.Fail(TicketError.AlreadyOpen);
        }
        log.LogInformation("Ticket {TicketId} reopened by staff user {UserId}", ticket.Id, staff.Id);
        return TicketResult.Success(ticket);
    }

    /// <summary>A staff member takes the ticket. Taking one they already hold changes nothing.</summary>
    public async Task<TicketResult> AssignToSelfAsync(int topicId, User staff, CancellationToken ct)
    {
        var ticket = await db.SupportTickets.FirstOrDefaultAsync(t => t.TopicId == topicId, ct);
        if (ticket is null) return TicketResult.Fail(TicketError.NotFound);
        if (ticket.IsClosed) return TicketResult.Fail(TicketError.AlreadyClosed);
        if (ticket.AssignedAdminId == staff.Id) return TicketResult.Success(ticket);

        var now = time.GetUtcNow();
        var before = TicketState.Of(ticket);
        ticket.AssignTo(staff.Id, now);
        AuditChanges(staff, ticket, before, now);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Ticket {TicketId} assigned to staff user {UserId}", ticket.Id, staff.Id);
        return TicketResult.Success(ticket);
    }

    private void AuditChanges(User staff, SupportTicket ticket, TicketState before, DateTimeOffset now)
    {
        if (before.Status != ticket.Status)
            Audit(AuditStatus, new { status = SnakeCaseEnum<TicketStatus>.ToText(before.Status) }, new { status = SnakeCaseEnum<TicketStatus>.ToText(ticket.Status) });
        if (before.AssignedAdminId != ticket.AssignedAdminId)
            Audit(AuditAssign, new { assignedAdminId = before.AssignedAdminId }, new { assignedAdminId = ticket.AssignedAdminId });

        void Audit(string action, object was, object @is) => db.AuditLog.Add(new AdminAuditLog
        {
            ActorTelegramId = staff.TelegramId, Action = action, TargetType = AuditTarget,
            TargetId = ticket.Id.ToString(CultureInfo.InvariantCulture),
            Before = JsonSerializer.Serialize(was), After = JsonSerializer.Serialize(@is), CreatedAt = now,
        });
    }

    // The change is committed: a delivery problem is reported to the staff, never undone or thrown.
    private async Task<CustomerDelivery> TellCustomerAsync(Func<Task<CustomerDelivery>> call, long ticketId, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Ticket {TicketId} was saved but its customer could not be told", ticketId);
            return CustomerDelivery.Failed;
        }
    }

    private readonly record struct TicketState(TicketStatus Status, long? AssignedAdminId)
    {
        public static TicketState Of(SupportTicket ticket) => new(ticket.Status, ticket.AssignedAdminId);
    }
}
