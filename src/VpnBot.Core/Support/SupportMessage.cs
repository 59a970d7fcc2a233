using VpnBot.Core.Users;

namespace VpnBot.Core.Support;

public class SupportMessage
{
    public long Id { get; set; }
    public long TicketId { get; set; }
    public SupportTicket? Ticket { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public required string MessageText { get; set; }
    public bool IsFromAdmin { get; set; }
    public int? TelegramMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
