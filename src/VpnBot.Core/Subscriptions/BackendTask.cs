namespace VpnBot.Core.Subscriptions;

public enum BackendTaskKind { Provision, Enable, Disable, Sync, Revoke }

/// <summary>
/// A change that must reach a VPN server. Written in the same transaction as the
/// subscription change, worked off in the background, retried until it succeeds:
/// a panel that is down delays access but never loses it.
/// </summary>
public class BackendTask
{
    public long Id { get; set; }
    public BackendTaskKind Kind { get; set; }
    public long SubscriptionId { get; set; }
    public long? VpnConfigId { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
