using VpnBot.Core.Users;

namespace VpnBot.Core.Support;

public class SupportTicket
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public required string Subject { get; set; }
    public TicketPriority Priority { get; set; } = TicketPriority.Normal;
    public TicketStatus Status { get; set; } = TicketStatus.Open;

    /// <summary>Forum topic (message_thread_id) in the staff supergroup.</summary>
    public int? TopicId { get; set; }
    public long? AssignedAdminId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public List<SupportMessage> Messages { get; set; } = [];
}
