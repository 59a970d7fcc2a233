using VpnBot.Core.Users;

namespace VpnBot.Core.Support;

public class SupportMessage
{
    /// <summary>Telegram's own limit for one text message.</summary>
    public const int MaxTextLength = 4096;

    public long Id { get; set; }
    public long TicketId { get; set; }
    public SupportTicket? Ticket { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public required string MessageText { get; set; }
    public bool IsFromAdmin { get; set; }
    /// <summary>The message's id in the chat it was written in (the client's private chat for client messages).</summary>
    public int? TelegramMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
