using VpnBot.Core.Servers;
using VpnBot.Core.Users;

namespace VpnBot.Core.Vpn;

/// <summary>
/// The one place that decides which protocol a user gets on a server, and what to try next
/// when that protocol's backend is down. Pure: no I/O, no clock.
/// </summary>
public static class ProtocolSelector
{
    /// <summary>
    /// The server's usable protocols, best first. An explicit <paramref name="requested"/> protocol
    /// (reissue on another protocol) wins; then the user's own choice when auto-select is off;
    /// otherwise Russian speakers get VLESS (it survives DPI in Russia, the others often do not)
    /// and everybody else the server's primary protocol. The rest follow as fallbacks, primary first.
    /// IKEv2 is never offered: no backend provisions it.
    /// </summary>
    public static IReadOnlyList<VpnProtocol> Order(User user, Server server, VpnProtocol? requested = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(server);
        var usable = server.SupportedProtocols.Where(p => p != VpnProtocol.Ikev2).Distinct().ToList();
        if (usable.Count == 0) return [];

        var first = Pick(requested, usable)
            ?? (user.AutoSelectProtocol ? null : Pick(user.PreferredProtocol, usable))
            ?? (user.SpeaksRussian ? Pick(VpnProtocol.Vless, usable) : null)
            ?? Pick(server.PrimaryProtocol, usable)
            ?? usable[0];

        var order = new List<VpnProtocol> { first };
        if (Pick(server.PrimaryProtocol, usable) is { } primary && primary != first) order.Add(primary);
        order.AddRange(usable.Where(p => !order.Contains(p)));
        return order;
    }

    private static VpnProtocol? Pick(VpnProtocol? protocol, List<VpnProtocol> usable) =>
        protocol is { } p && usable.Contains(p) ? p : null;
}
