using VpnBot.Core.Servers;

namespace VpnBot.Core.Subscriptions;

public class VpnConfig
{
    public long Id { get; set; }
    public long SubscriptionId { get; set; }
    public Subscription? Subscription { get; set; }
    public long ServerId { get; set; }
    public Server? Server { get; set; }
    public VpnProtocol Protocol { get; set; }

    /// <summary>Provider state as JSON (client id, keys, address, ...); secrets inside are encrypted.</summary>
    public string ConfigData { get; set; } = "{}";

    /// <summary>What the customer imports: a vless:// link or the text of a .conf/.ovpn file.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The text encoded into the QR code (may differ from ConnectionString, e.g. none for .ovpn).</summary>
    public string? QrCodeData { get; set; }
    public string? SubscriptionUrl { get; set; }

    /// <summary>Stable name of the client on the server (panel email, peer name): the idempotency key.</summary>
    public required string ExternalName { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset? LastUsed { get; set; }

    /// <summary>The traffic period whose start the backend's counter was last reset for (null: never reset).</summary>
    public DateTimeOffset? TrafficResetFor { get; set; }

    /// <summary>
    /// How far the backend's byte counter (up + down) has been credited to the subscription. Usage is added as
    /// the difference; a counter lower than this was reset (a new period, a re-added peer, a new OpenVPN
    /// session) and counts from zero.
    /// </summary>
    public long? UsageCounterBytes { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
