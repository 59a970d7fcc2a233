using VpnBot.Core.Users;

namespace VpnBot.Core.Support;

public class SupportTicket
{
    /// <summary>Also the limit of a forum topic name, which the subject becomes.</summary>
    public const int MaxSubjectLength = 128;

    public long Id { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public required string Subject { get; set; }
    public TicketPriority Priority { get; set; } = TicketPriority.Normal;
    public TicketStatus Status { get; set; } = TicketStatus.Open;

    /// <summary>Forum topic (message_thread_id) in the staff supergroup.</summary>
    public int? TopicId { get; set; }
    /// <summary>The staff member (users.id, not the Telegram id) who holds the ticket.</summary>
    public long? AssignedAdminId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public List<SupportMessage> Messages { get; set; } = [];

    public bool IsClosed => Status == TicketStatus.Closed;

    /// <summary>A new ticket with the client's first message; the caller has checked both with the Check methods.</summary>
    public static SupportTicket Open(long userId, string subject, string firstMessage, int? telegramMessageId, DateTimeOffset now)
    {
        var ticket = new SupportTicket { UserId = userId, Subject = subject.Trim(), CreatedAt = now, UpdatedAt = now };
        ticket.AddClientMessage(firstMessage, telegramMessageId, now);
        return ticket;
    }

    public SupportMessage AddClientMessage(string text, int? telegramMessageId, DateTimeOffset now)
    {
        if (IsClosed) throw new InvalidOperationException($"Ticket {Id} is closed.");
        var message = new SupportMessage
        {
            Ticket = this, UserId = UserId, MessageText = text, IsFromAdmin = false,
            TelegramMessageId = telegramMessageId, CreatedAt = now,
        };
        Messages.Add(message);
        // Staff were waiting for the client: the ball is back in the staff's court.
        if (Status == TicketStatus.WaitingClient) Status = TicketStatus.InProgress;
        UpdatedAt = now;
        return message;
    }

    /// <summary>
    /// A staff member's answer. It takes a ticket nobody has taken yet (assigned to them, in
    /// progress) and then leaves it waiting for the client, whose next message hands it back.
    /// </summary>
    public SupportMessage AddStaffMessage(long staffUserId, string text, int? telegramMessageId, DateTimeOffset now)
    {
        if (IsClosed) throw new InvalidOperationException($"Ticket {Id} is closed.");
        AssignTo(staffUserId, now, onlyWhenUnassigned: true);
        var message = new SupportMessage
        {
            Ticket = this, UserId = staffUserId, MessageText = text, IsFromAdmin = true,
            TelegramMessageId = telegramMessageId, CreatedAt = now,
        };
        Messages.Add(message);
        Status = TicketStatus.WaitingClient;
        UpdatedAt = now;
        return message;
    }

    /// <summary>
    /// Gives the ticket to a staff member; a ticket nobody worked on yet is then in progress.
    /// With <paramref name="onlyWhenUnassigned"/> a ticket someone already holds keeps its owner.
    /// </summary>
    public void AssignTo(long staffUserId, DateTimeOffset now, bool onlyWhenUnassigned = false)
    {
        if (IsClosed) throw new InvalidOperationException($"Ticket {Id} is closed.");
        if (!(onlyWhenUnassigned && AssignedAdminId is not null)) AssignedAdminId = staffUserId;
        if (Status == TicketStatus.Open) Status = TicketStatus.InProgress;
        UpdatedAt = now;
    }

    public void Close(DateTimeOffset now)
    {
        if (IsClosed) return;
        Status = TicketStatus.Closed;
        ClosedAt = now;
        UpdatedAt = now;
    }

    /// <summary>Staff take a closed ticket up again: it is in progress, its owner (if any) kept.</summary>
    public void Reopen(DateTimeOffset now)
    {
        if (!IsClosed) return;
        Status = TicketStatus.InProgress;
        ClosedAt = null;
        UpdatedAt = now;
    }

    public static TicketError? CheckSubject(string? subject) => subject?.Trim() switch
    {
        null or "" => TicketError.SubjectEmpty,
        { Length: > MaxSubjectLength } => TicketError.SubjectTooLong,
        _ => null,
    };

    public static TicketError? CheckMessage(string? text) => CheckText(text, SupportMessage.MaxTextLength);

    /// <summary>A staff answer must leave room for the header the customer sees above it.</summary>
    public static TicketError? CheckStaffMessage(string? text) => CheckText(text, SupportMessage.MaxStaffTextLength);

    private static TicketError? CheckText(string? text, int maxLength) => text switch
    {
        null => TicketError.MessageEmpty,
        _ when string.IsNullOrWhiteSpace(text) => TicketError.MessageEmpty,
        _ when text.Length > maxLength => TicketError.MessageTooLong,
        _ => null,
    };
}
