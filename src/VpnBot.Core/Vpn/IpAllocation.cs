namespace VpnBot.Core.Vpn;

/// <summary>
/// An address handed out in a server's tunnel subnet; the unique index (server, address) forbids collisions.
/// A row is a reservation for one client name (<see cref="ExternalName"/>): it is written before the server is
/// touched and carries the client's key material, so a retried create after a crash finds it and reuses the
/// same address and keys instead of allocating twice. Deleting the row releases the address.
/// </summary>
public class IpAllocation
{
    public long Id { get; set; }
    public long ServerId { get; set; }
    public required string Address { get; set; }
    public long? VpnConfigId { get; set; }

    /// <summary>The provider's stable client name (ProvisionRequest.ExternalName); unique per server.</summary>
    public string? ExternalName { get; set; }

    /// <summary>Provider state for the reservation as JSON (keys); secret values are encrypted (SecretProtector).</summary>
    public string? KeyData { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
