using VpnBot.Core;
using VpnBot.Host.Bots.Client.Shared;

namespace VpnBot.Host.Bots.Client.Instructions;

/// <summary>
/// The platforms and protocols the instructions cover. Each pair has its own text under the
/// resource key Ins_{platform}_{protocol id} (for example Ins_android_vless).
/// </summary>
public static class InstructionCatalog
{
    public static readonly (string Id, string LabelKey)[] Platforms =
    [
        ("android", "InsAndroid"),
        ("ios", "InsIos"),
        ("windows", "InsWindows"),
        ("macos", "InsMacos"),
        ("linux", "InsLinux"),
    ];

    public static readonly VpnProtocol[] Protocols = [VpnProtocol.Vless, VpnProtocol.WireGuard, VpnProtocol.OpenVpn];

    public static string? PlatformLabelKey(string? platformId) =>
        Platforms.FirstOrDefault(p => p.Id == platformId).LabelKey;

    public static string TextKey(string platformId, VpnProtocol protocol) => $"Ins_{platformId}_{ProtocolNames.Id(protocol)}";

    /// <summary>What to do when it does not connect: for WireGuard and OpenVPN that usually means a block.</summary>
    public static string TroubleKey(VpnProtocol protocol) => protocol == VpnProtocol.Vless ? "InsTroubleVless" : "InsTroubleBlocked";
}
