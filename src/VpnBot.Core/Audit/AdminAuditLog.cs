namespace VpnBot.Core.Audit;

public class AdminAuditLog
{
    /// <summary>The actor id the command line writes: no Telegram account stands behind it.</summary>
    public const long CommandLineActor = 0;

    public long Id { get; set; }

    /// <summary>Telegram id of the admin, or 0 for the command line.</summary>
    public long ActorTelegramId { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>One privileged change; <paramref name="before"/> and <paramref name="after"/> are JSON (jsonb columns).</summary>
    public static AdminAuditLog Of(long actor, string action, string targetType, string? targetId, string? before, string? after, DateTimeOffset now) =>
        new() { ActorTelegramId = actor, Action = action, TargetType = targetType, TargetId = targetId, Before = before, After = after, CreatedAt = now };

    /// <summary>A one-flag state as JSON, e.g. {"banned":true}.</summary>
    public static string Flag(string name, bool value) => $"{{\"{name}\":{(value ? "true" : "false")}}}";
}
