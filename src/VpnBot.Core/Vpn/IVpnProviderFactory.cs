using VpnBot.Core.Servers;

namespace VpnBot.Core.Vpn;

public interface IVpnProviderFactory
{
    /// <summary>The provider for a protocol on a server; throws <see cref="VpnBackendException"/> (NotSupported) when there is none.</summary>
    IVpnProvider Get(Server server, VpnProtocol protocol);
}
