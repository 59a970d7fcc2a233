namespace VpnBot.Core.Support;

/// <summary>
/// Carries the staff's side of a ticket to its customer (the client bot, in the customer's
/// language). Called after the change is committed; it reports what happened instead of
/// throwing, so the staff can be told when the customer could not be reached.
/// </summary>
public interface ICustomerTicketRelay
{
    Task<CustomerDelivery> StaffReplyAddedAsync(long ticketId, long messageId, CancellationToken ct);

    Task<CustomerDelivery> TicketClosedByStaffAsync(long ticketId, CancellationToken ct);
}

public enum CustomerDelivery
{
    Delivered,

    /// <summary>The customer blocked the client bot (Telegram's 403).</summary>
    Blocked,

    /// <summary>Any other failure: the client bot is not configured, Telegram refused or could not be reached.</summary>
    Failed,
}
