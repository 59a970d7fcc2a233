namespace VpnBot.Core.Vpn;

/// <summary>An address handed out in a server's tunnel subnet; the unique index (server, address) forbids collisions.</summary>
public class IpAllocation
{
    public long Id { get; set; }
    public long ServerId { get; set; }
    public required string Address { get; set; }
    public long? VpnConfigId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
