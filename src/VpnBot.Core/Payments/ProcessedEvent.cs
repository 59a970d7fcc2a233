namespace VpnBot.Core.Payments;

/// <summary>One row per provider notification acted upon: the database, not memory, makes delivery exactly-once.</summary>
public class ProcessedEvent
{
    public long Id { get; set; }
    public required string Provider { get; set; }
    public required string EventKey { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}
