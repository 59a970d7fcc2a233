using VpnBot.Core;
using VpnBot.Core.Data;

namespace VpnBot.Core.Tests.Data;

public class SnakeCaseEnumTests
{
    [Theory]
    [InlineData(VpnProtocol.Vless, "vless")]
    [InlineData(VpnProtocol.OpenVpn, "openvpn")]
    [InlineData(VpnProtocol.WireGuard, "wireguard")]
    [InlineData(VpnProtocol.Ikev2, "ikev2")]
    public void Protocols_are_stored_under_their_wire_names(VpnProtocol protocol, string text)
    {
        Assert.Equal(text, SnakeCaseEnum<VpnProtocol>.ToText(protocol));
        Assert.Equal(protocol, SnakeCaseEnum<VpnProtocol>.Parse(text));
    }

    [Fact]
    public void Multi_word_statuses_become_snake_case() =>
        Assert.Equal("waiting_client", SnakeCaseEnum<TicketStatus>.ToText(TicketStatus.WaitingClient));

    [Fact]
    public void Unknown_text_is_rejected() =>
        Assert.False(SnakeCaseEnum<SubscriptionStatus>.TryParse("bogus", out _));
}
