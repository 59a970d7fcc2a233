namespace VpnBot.Core.Servers;

public class Server
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Location { get; set; }
    public required string CountryCode { get; set; }
    public string? City { get; set; }
    public required string IpAddress { get; set; }
    public string? Domain { get; set; }
    public List<VpnProtocol> SupportedProtocols { get; set; } = [];
    public VpnProtocol PrimaryProtocol { get; set; }

    /// <summary>Per-protocol settings as JSON; secret values inside are encrypted (see SecretProtector).</summary>
    public string Settings { get; set; } = "{}";
    public bool IsEnabled { get; set; } = true;
    public double CpuUsage { get; set; }
    public double MemoryUsage { get; set; }
    public double DiskUsage { get; set; }
    public int MaxUsers { get; set; }
    public int CurrentUsers { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin) guarding CurrentUsers.</summary>
    public uint Version { get; set; }

    public string Host => string.IsNullOrWhiteSpace(Domain) ? IpAddress : Domain;
    public bool IsFull => MaxUsers > 0 && CurrentUsers >= MaxUsers;

    /// <summary>
    /// May get another customer: enabled, with room, offering a protocol a backend provisions (IKEv2 has none).
    /// Checked wherever a server id arrives from outside, since a button's callback data is chosen by the client.
    /// </summary>
    public bool TakesNewUsers => IsEnabled && !IsFull && SupportedProtocols.Any(p => p != VpnProtocol.Ikev2);
    public bool Supports(VpnProtocol protocol) => SupportedProtocols.Contains(protocol);
}
