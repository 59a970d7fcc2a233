namespace VpnBot.Core.Support;

/// <summary>
/// Carries the client's side of a ticket to the staff (the support bot's forum topic). Called
/// after the change is committed; an implementation must not throw for delivery problems:
/// the ticket is saved either way and the staff can read it from the database.
/// </summary>
public interface ITicketRelay
{
    Task TicketOpenedAsync(long ticketId, long firstMessageId, CancellationToken ct);

    Task ClientMessageAddedAsync(long ticketId, long messageId, CancellationToken ct);

    Task TicketClosedByClientAsync(long ticketId, CancellationToken ct);
}
