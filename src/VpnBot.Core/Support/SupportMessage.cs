using VpnBot.Core.Users;

namespace VpnBot.Core.Support;

public class SupportMessage
{
    /// <summary>Telegram's own limit for one text message.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>
    /// A staff answer is delivered under a header ("Support reply to ticket #N:" and a hint how to
    /// answer), and the whole message must fit Telegram's limit.
    /// </summary>
    public const int MaxStaffTextLength = 3900;

    public long Id { get; set; }
    public long TicketId { get; set; }
    public SupportTicket? Ticket { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public required string MessageText { get; set; }
    public bool IsFromAdmin { get; set; }
    /// <summary>The message's id in the chat it was written in (the client's private chat for client messages, the staff group for staff answers).</summary>
    public int? TelegramMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
