using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn;

/// <summary>
/// Picks the provider for a protocol on a server. Providers are keyed services; adding a
/// protocol is one provider class and one AddKeyedSingleton line.
/// </summary>
public sealed class VpnProviderFactory(IServiceProvider services) : IVpnProviderFactory
{
    public IVpnProvider Get(Server server, VpnProtocol protocol)
    {
        if (!server.Supports(protocol))
            throw new VpnBackendException(VpnBackendError.NotSupported, $"Server {server.Name} does not offer {protocol}.");
        var key = KeyFor(server, protocol)
            ?? throw new VpnBackendException(VpnBackendError.NotSupported, $"{protocol} is not supported.");
        return services.GetKeyedService<IVpnProvider>(key)
            ?? throw new VpnBackendException(VpnBackendError.NotSupported, $"No provider is registered for {key}.");
    }

    internal static string? KeyFor(Server server, VpnProtocol protocol) => protocol switch
    {
        VpnProtocol.Vless => "vless:" + (server.GetSection<VlessPanelKind>("vless")?.Panel ?? "3xui"),
        VpnProtocol.WireGuard => "wireguard",
        VpnProtocol.OpenVpn => "openvpn",
        _ => null, // IKEv2 stays in the model for later; no backend yet.
    };

    private sealed record VlessPanelKind(string? Panel);
}
