using System.Net;
using System.Net.Sockets;

namespace VpnBot.Payments.Webhooks;

/// <summary>
/// Source addresses allowed to deliver notifications: CIDR ranges and single addresses, IPv4 and IPv6.
/// An IPv4 client seen by a dual-stack socket (::ffff:185.71.76.1) is matched as IPv4.
/// </summary>
public sealed class IpAllowList
{
    private readonly IReadOnlyList<IPNetwork> _networks;

    private IpAllowList(IReadOnlyList<IPNetwork> networks) => _networks = networks;

    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>Parses entries like "185.71.76.0/27", "77.75.156.11", "2a02:5180::/32"; entries may also be comma or space separated.</summary>
    /// <exception cref="FormatException">An entry is not an address or CIDR range.</exception>
    public static IpAllowList Parse(IEnumerable<string> entries)
    {
        var networks = new List<IPNetwork>();
        foreach (var raw in entries)
        {
            foreach (var entry in raw.Split([',', ' ', ';', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (IPNetwork.TryParse(entry, out var network)) networks.Add(network);
                else if (IPAddress.TryParse(entry, out var single))
                    networks.Add(new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
                else throw new FormatException($"'{entry}' is not an IP address or CIDR range.");
            }
        }
        return new IpAllowList(networks);
    }

    public bool Contains(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var network in _networks)
            if (network.Contains(address)) return true;
        return false;
    }
}
