namespace VpnBot.Core.Servers;

public class ServerStats
{
    public long Id { get; set; }
    public long ServerId { get; set; }
    public Server? Server { get; set; }
    public int ActiveConnections { get; set; }
    public decimal TotalTrafficGb { get; set; }
    /// <summary>Null when the backend does not report it (VPN backends give client counters, not host load).</summary>
    public double? CpuUsage { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
