namespace VpnBot.Core.Users;

/// <summary>
/// A confirmed broadcast and how far it got. The sender records its progress after every message, so a
/// restart (a deploy, a crash) resumes after the last customer reached instead of losing the rest or
/// starting over.
/// </summary>
public class Broadcast
{
    public long Id { get; set; }
    public long ActorTelegramId { get; set; }

    /// <summary>Where the "done" report goes (the admin's chat with the admin bot), and in which language.</summary>
    public long ReportChatId { get; set; }
    public required string ReportCulture { get; set; }
    public required string Text { get; set; }

    /// <summary>Recipients are taken in user-id order; everyone up to this id has been tried.</summary>
    public long ResumeAfterUserId { get; set; }
    public int Sent { get; set; }
    public int Failed { get; set; }
    public int Blocked { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
