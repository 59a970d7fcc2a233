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
}

/// <summary>The ticket an operation touched, or why it was refused.</summary>
public sealed record TicketResult(SupportTicket? Ticket, TicketError? Error)
{
    public bool Ok => Error is null;

    public static TicketResult Success(SupportTicket ticket) => new(ticket, null);

    public static TicketResult Fail(TicketError error) => new(null, error);
}
