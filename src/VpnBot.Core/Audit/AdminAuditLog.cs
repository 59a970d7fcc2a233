namespace VpnBot.Core.Audit;

public class AdminAuditLog
{
    public long Id { get; set; }

    /// <summary>Telegram id of the admin, or 0 for the command line.</summary>
    public long ActorTelegramId { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
