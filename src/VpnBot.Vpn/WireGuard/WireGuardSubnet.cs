using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace VpnBot.Vpn.WireGuard;

/// <summary>An IPv4 tunnel subnet: the first host address is the server's, the rest are handed to clients.</summary>
public sealed class WireGuardSubnet
{
    private readonly uint _network;
    private readonly uint _broadcast;

    private WireGuardSubnet(uint network, int prefixLength)
    {
        _network = network;
        PrefixLength = prefixLength;
        _broadcast = network | (uint.MaxValue >> prefixLength);
    }

    public int PrefixLength { get; }

    public IPAddress ServerAddress => ToAddress(_network + 1);

    public int ClientCapacity => (int)(_broadcast - _network - 2);

    /// <summary>Parses "10.8.0.0/24": IPv4, prefix 8–30, host bits zero. Null when it is not such a subnet.</summary>
    public static WireGuardSubnet? TryParse(string? text)
    {
        text = text?.Trim();
        if (!IPNetwork.TryParse(text, out var network)) return null;
        if (network.BaseAddress.AddressFamily != AddressFamily.InterNetwork || network.PrefixLength is < 8 or > 30) return null;
        // "10.8.0.1/24" is a typo for either the network or the server address: refuse rather than guess.
        if (!IPAddress.TryParse(text![..text!.IndexOf('/', StringComparison.Ordinal)], out var given) || !given.Equals(network.BaseAddress)) return null;
        return new WireGuardSubnet(ToUInt(network.BaseAddress), network.PrefixLength);
    }

    /// <summary>Client addresses in ascending order (network+2 … broadcast−1).</summary>
    public IEnumerable<IPAddress> ClientAddresses()
    {
        for (var a = _network + 2; a < _broadcast; a++) yield return ToAddress(a);
    }

    public bool IsClientAddress(string? text)
    {
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork) return false;
        var value = ToUInt(address);
        return value > _network + 1 && value < _broadcast;
    }

    public override string ToString() => $"{ToAddress(_network)}/{PrefixLength}";

    private static uint ToUInt(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress ToAddress(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
