using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Panels.Marzban;
using VpnBot.Vpn.Panels.ThreeXUi;

namespace VpnBot.IntegrationTests.Vpn.Panels;

public class VpnRegistrationTests
{
    [Theory]
    [InlineData("3xui", typeof(ThreeXUiProvider))]
    [InlineData("marzban", typeof(MarzbanProvider))]
    [InlineData(null, typeof(ThreeXUiProvider))]
    public async Task The_factory_picks_the_vless_provider_named_by_the_servers_panel(string? panel, Type expected)
    {
        await using var host = new PanelTestHost();
        var section = new JsonObject();
        if (panel is not null) section["panel"] = panel;
        var server = new Server
        {
            Name = "s", Location = "DE", CountryCode = "DE", IpAddress = "203.0.113.1", SupportedProtocols = [VpnProtocol.Vless],
            Settings = new JsonObject { ["vless"] = section }.ToJsonString(),
        };

        var provider = host.Services.GetRequiredService<IVpnProviderFactory>().Get(server, VpnProtocol.Vless);

        Assert.IsType(expected, provider);
        Assert.Same(provider, host.Provider(provider.Key)); // singletons: sessions and tokens are shared
    }

    [Fact]
    public async Task A_protocol_without_a_registered_provider_is_not_supported()
    {
        await using var host = new PanelTestHost();
        var server = new Server
        {
            Name = "s", Location = "DE", CountryCode = "DE", IpAddress = "203.0.113.1", SupportedProtocols = [VpnProtocol.OpenVpn],
        };

        var e = Assert.Throws<VpnBackendException>(() => host.Services.GetRequiredService<IVpnProviderFactory>().Get(server, VpnProtocol.OpenVpn));

        Assert.Equal(VpnBackendError.NotSupported, e.Error);
    }
}
