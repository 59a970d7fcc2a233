using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.OpenVpn;
using VpnBot.Vpn.Ssh;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.Vpn;

public static class SshVpnServiceCollectionExtensions
{
    /// <summary>
    /// The providers driven over SSH: keyed IVpnProvider "wireguard" and "openvpn", plus the SSH runner,
    /// the address allocator, the CRL publisher and <see cref="OpenVpnSetup"/> for the CLI.
    /// Needs from the host: AppDbContext (scoped), SecretProtector and logging.
    /// </summary>
    public static IServiceCollection AddSshVpnProviders(this IServiceCollection services, Action<SshOptions>? configureSsh = null)
    {
        var options = new SshOptions();
        configureSsh?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<ISshConnector, SshNetConnector>();
        services.TryAddSingleton<SshRunner>();
        services.TryAddSingleton<IpAddressAllocator>();
        services.TryAddSingleton<CrlPublisher>();
        services.TryAddSingleton<OpenVpnSetup>();
        services.TryAddSingleton<WireGuardProvider>();
        services.TryAddSingleton<OpenVpnProvider>();
        services.AddKeyedSingleton<IVpnProvider>(WireGuardProvider.ProviderKey, (sp, _) => sp.GetRequiredService<WireGuardProvider>());
        services.AddKeyedSingleton<IVpnProvider>(OpenVpnProvider.ProviderKey, (sp, _) => sp.GetRequiredService<OpenVpnProvider>());
        return services;
    }
}
