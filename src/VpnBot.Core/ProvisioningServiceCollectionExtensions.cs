using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VpnBot.Core.Vpn;
using VpnBot.Core.Vpn.Provisioning;

namespace VpnBot.Core;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>
    /// Provisioning and usage collection: the decisions (which server, which protocol, what to mirror) made here,
    /// the calls made through <see cref="IVpnProviderFactory"/>, which the backend adapters (AddVpn) supply.
    /// Separate from AddCoreServices so a host without VPN backends (the payment tests and benchmark) can
    /// still compose Core with its own <see cref="IProvisioningService"/>.
    /// </summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services)
    {
        services.TryAddScoped<IProvisioningService, ProvisioningService>();
        services.TryAddScoped<UsageCollector>();
        return services;
    }
}
