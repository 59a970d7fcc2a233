using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using VpnBot.Core.Data;

namespace VpnBot.Core.Support;

/// <summary>
/// The client's side of support tickets: open one (subject and first message), add messages,
/// close it. A user has at most one ticket that is not closed (also enforced by a partial
/// unique index, so two racing opens cannot both win). Each change is passed to the
/// <see cref="ITicketRelay"/> after it is committed. The staff's side is in TicketService.Staff.cs.
/// </summary>
public sealed partial class TicketService(
    AppDbContext db, ITicketRelay relay, ICustomerTicketRelay customers, TimeProvider time, ILogger<TicketService> log)
{
    public const string OneOpenTicketIndex = "ux_support_tickets_one_open_per_user";

    /// <summary>The user's ticket that is not closed, if any.</summary>
    public Task<SupportTicket?> FindOpenAsync(long userId, CancellationToken ct) =>
        db.SupportTickets.AsNoTracking()
            .Where(t => t.UserId == userId && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.Id)
            .FirstOrDefaultAsync(ct);

    /// <summary>All of the user's tickets that are not closed (at most one under the current rule), newest first.</summary>
    public async Task<IReadOnlyList<SupportTicket>> ListOpenAsync(long userId, CancellationToken ct) =>
        await db.SupportTickets.AsNoTracking()
            .Where(t => t.UserId == userId && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.Id)
            .ToListAsync(ct);

    public async Task<TicketResult> OpenAsync(long userId, string? subject, string? message, int? telegramMessageId, CancellationToken ct)
    {
        if ((SupportTicket.CheckSubject(subject) ?? SupportTicket.CheckMessage(message)) is { } invalid) return TicketResult.Fail(invalid);
        if (await FindOpenAsync(userId, ct) is not null) return TicketResult.Fail(TicketError.AlreadyOpen);

        var ticket = SupportTicket.Open(userId, subject!, message!, telegramMessageId, time.GetUtcNow());
        db.SupportTickets.Add(ticket);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OneOpenTicketIndex })
        {
            db.ChangeTracker.Clear();
            return TicketResult.Fail(TicketError.AlreadyOpen);
        }
        log.LogInformation("Ticket {TicketId} opened by user {UserId}", ticket.Id, userId);
        await RelayAsync(() => relay.TicketOpenedAsync(ticket.Id, ticket.Messages[0].Id, ct), ticket.Id, ct);
        return TicketResult.Success(ticket);
    }

    /// <summary>Appends a client message to the user's open ticket; NotFound when there is none.</summary>
    public async Task<TicketResult> AddClientMessageAsync(long userId, string? text, int? telegramMessageId, CancellationToken ct)
    {
        var ticket = await db.SupportTickets
            .Where(t => t.UserId == userId && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.Id)
            .FirstOrDefaultAsync(ct);
        // No ticket first: text that is not for support must not be refused by support's rules.
        if (ticket is null) return TicketResult.Fail(TicketError.NotFound);
        if (SupportTicket.CheckMessage(text) is { } invalid) return TicketResult.Fail(invalid);

        var message = ticket.AddClientMessage(text!, telegramMessageId, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await RelayAsync(() => relay.ClientMessageAddedAsync(ticket.Id, message.Id, ct), ticket.Id, ct);
        return TicketResult.Success(ticket);
    }

    /// <summary>The client closes their own ticket. Closing a closed one is refused, not an error.</summary>
    public async Task<TicketResult> CloseAsync(long userId, long ticketId, CancellationToken ct)
    {
        var ticket = await db.SupportTickets.FirstOrDefaultAsync(t => t.Id == ticketId && t.UserId == userId, ct);
        if (ticket is null) return TicketResult.Fail(TicketError.NotFound);
        if (ticket.IsClosed) return TicketResult.Fail(TicketError.AlreadyClosed);

        ticket.Close(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        log.LogInformation("Ticket {TicketId} closed by its client", ticket.Id);
        await RelayAsync(() => relay.TicketClosedByClientAsync(ticket.Id, ct), ticket.Id, ct);
        return TicketResult.Success(ticket);
    }

    // The change is committed: a relay failure must not turn into an error for the customer.
    private async Task RelayAsync(Func<Task> call, long ticketId, CancellationToken ct)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Ticket {TicketId} was saved but could not be relayed to the staff", ticketId);
        }
    }
}
