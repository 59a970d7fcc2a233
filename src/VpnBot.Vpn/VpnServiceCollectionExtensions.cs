using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Panels;
using VpnBot.Vpn.Panels.Marzban;
using VpnBot.Vpn.Panels.ThreeXUi;

namespace VpnBot.Vpn;

public static class VpnServiceCollectionExtensions
{
    /// <summary>
    /// The VPN backend adapters: provider factory, the VLESS panel providers (3X-UI, Marzban) with their HTTP
    /// clients. Expects SecretProtector, TimeProvider and AppDbContext from the host. WireGuard and
    /// OpenVPN providers register themselves separately (AddSshVpnProviders); provisioning is Core's (AddProvisioning).
    /// </summary>
    public static IServiceCollection AddVpn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PanelHttpOptions>().Bind(configuration.GetSection(PanelHttpOptions.Section));
        PanelHttpClients.Add(services, PanelHttpClients.ThreeXUi);
        PanelHttpClients.Add(services, PanelHttpClients.Marzban);
        services.AddKeyedSingleton<IVpnProvider, ThreeXUiProvider>(ThreeXUiProvider.ProviderKey);
        services.AddKeyedSingleton<IVpnProvider, MarzbanProvider>(MarzbanProvider.ProviderKey);
        services.TryAddSingleton<IVpnProviderFactory, VpnProviderFactory>();
        return services;
    }
}
