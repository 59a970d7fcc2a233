using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;

namespace VpnBot.Core.Tests.Vpn;

public class ProtocolSelectorTests
{
    // language | auto-select | preferred | requested | server protocols | primary | expected order
    [Theory]
    [InlineData("ru", true, null, null, "wireguard,vless,openvpn", "wireguard", "vless,wireguard,openvpn")]
    [InlineData("uk-UA", true, null, null, "openvpn,vless", "openvpn", "vless,openvpn")]
    [InlineData(null, true, null, null, "wireguard,vless", "wireguard", "vless,wireguard")]
    [InlineData("en", true, null, null, "vless,wireguard,openvpn", "wireguard", "wireguard,vless,openvpn")]
    [InlineData("de", true, null, null, "vless,openvpn", "openvpn", "openvpn,vless")]
    [InlineData("ru", true, null, null, "wireguard,openvpn", "openvpn", "openvpn,wireguard")]
    // Auto-select on: a stored preference is not applied.
    [InlineData("en", true, "openvpn", null, "vless,wireguard,openvpn", "wireguard", "wireguard,vless,openvpn")]
    // Auto-select off: the preference wins when the server has it...
    [InlineData("ru", false, "wireguard", null, "vless,wireguard,openvpn", "vless", "wireguard,vless,openvpn")]
    [InlineData("en", false, "openvpn", null, "vless,wireguard,openvpn", "wireguard", "openvpn,wireguard,vless")]
    // ...and falls back to the automatic choice when it does not.
    [InlineData("ru", false, "openvpn", null, "wireguard,vless", "wireguard", "vless,wireguard")]
    [InlineData("en", false, "openvpn", null, "wireguard,vless", "vless", "vless,wireguard")]
    // An explicit request (reissue on another protocol) beats everything.
    [InlineData("ru", true, null, "openvpn", "vless,openvpn", "vless", "openvpn,vless")]
    [InlineData("en", false, "vless", "wireguard", "vless,wireguard", "vless", "wireguard,vless")]
    [InlineData("ru", true, null, "openvpn", "vless,wireguard", "wireguard", "vless,wireguard")]
    // IKEv2 is never chosen, not even as primary, preference or request.
    [InlineData("en", true, null, null, "ikev2,wireguard", "ikev2", "wireguard")]
    [InlineData("en", false, "ikev2", "ikev2", "ikev2,openvpn,vless", "ikev2", "openvpn,vless")]
    [InlineData("en", true, null, null, "ikev2", "ikev2", "")]
    [InlineData("en", true, null, null, "", "vless", "")]
    // A primary the server does not list is ignored.
    [InlineData("en", true, null, null, "openvpn,vless", "wireguard", "openvpn,vless")]
    public void Orders_protocols(string? language, bool autoSelect, string? preferred, string? requested,
        string serverProtocols, string primary, string expected)
    {
        var user = new User { LanguageCode = language, AutoSelectProtocol = autoSelect, PreferredProtocol = Parse(preferred) };
        var server = new Server
        {
            Name = "s1", Location = "Germany", CountryCode = "DE", IpAddress = "203.0.113.5",
            SupportedProtocols = ParseList(serverProtocols), PrimaryProtocol = Parse(primary)!.Value,
        };

        var order = ProtocolSelector.Order(user, server, Parse(requested));

        Assert.Equal(ParseList(expected), order);
    }

    [Fact]
    public void Duplicates_in_the_server_list_appear_once()
    {
        var server = new Server
        {
            Name = "s1", Location = "NL", CountryCode = "NL", IpAddress = "203.0.113.6",
            SupportedProtocols = [VpnProtocol.Vless, VpnProtocol.Vless, VpnProtocol.WireGuard], PrimaryProtocol = VpnProtocol.Vless,
        };
        Assert.Equal([VpnProtocol.Vless, VpnProtocol.WireGuard], ProtocolSelector.Order(new User { LanguageCode = "en" }, server));
    }

    private static VpnProtocol? Parse(string? text) => text switch
    {
        null => null,
        "vless" => VpnProtocol.Vless,
        "wireguard" => VpnProtocol.WireGuard,
        "openvpn" => VpnProtocol.OpenVpn,
        "ikev2" => VpnProtocol.Ikev2,
        _ => throw new ArgumentException(text),
    };

    private static List<VpnProtocol> ParseList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => Parse(p)!.Value).ToList();
}
