using VpnBot.Core;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Shared;

/// <summary>How protocols are named to customers, and their short ids in callback data.</summary>
public static class ProtocolNames
{
    public static string Display(BotTexts texts, UpdateContext context, VpnProtocol protocol) => texts.Get(context, protocol switch
    {
        VpnProtocol.Vless => "ProtoVless",
        VpnProtocol.WireGuard => "ProtoWireGuard",
        VpnProtocol.OpenVpn => "ProtoOpenVpn",
        _ => "ProtoIkev2",
    });

    public static string Id(VpnProtocol protocol) => protocol switch
    {
        VpnProtocol.Vless => "vless",
        VpnProtocol.WireGuard => "wg",
        VpnProtocol.OpenVpn => "ovpn",
        _ => "ikev2",
    };

    public static VpnProtocol? FromId(string? id) => id switch
    {
        "vless" => VpnProtocol.Vless,
        "wg" => VpnProtocol.WireGuard,
        "ovpn" => VpnProtocol.OpenVpn,
        "ikev2" => VpnProtocol.Ikev2,
        _ => null,
    };
}
