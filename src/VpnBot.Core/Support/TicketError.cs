namespace VpnBot.Core.Support;

/// <summary>Why a ticket operation was refused; nothing was changed.</summary>
public enum TicketError
{
    SubjectEmpty,
    SubjectTooLong,
    MessageEmpty,
    MessageTooLong,
    AlreadyOpen,
    NotFound,
    AlreadyClosed,
    /// <summary>Reopen was asked for a ticket that is not closed.</summary>
    NotClosed,
}

/// <summary>The ticket an operation touched, or why it was refused.</summary>
public sealed record TicketResult(SupportTicket? Ticket, TicketError? Error)
{
    public bool Ok => Error is null;

    /// <summary>Whether the customer was told, for changes that are passed on to them; null otherwise.</summary>
    public CustomerDelivery? Delivery { get; init; }

    public static TicketResult Success(SupportTicket ticket) => new(ticket, null);

    public static TicketResult Fail(TicketError error) => new(null, error);
}
