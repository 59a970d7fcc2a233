using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VpnBot.Vpn.WireGuard;

/// <summary>The customer's wg-quick .conf, in the layout every WireGuard/AmneziaWG app imports.</summary>
public static partial class WireGuardClientConfig
{
    public static string Render(WireGuardServer server, WireGuardConfigData data, string privateKey, string presharedKey)
    {
        var conf = new StringBuilder();
        conf.Append("[Interface]\n");
        Line(conf, "PrivateKey", privateKey);
        Line(conf, "Address", data.Address + "/32");
        if (server.Dns is not null) Line(conf, "DNS", server.Dns);
        if (server.Mtu is { } mtu) Line(conf, "MTU", mtu);
        if (server.Amnezia is { } a)
        {
            Line(conf, "Jc", a.Jc);
            Line(conf, "Jmin", a.Jmin);
            Line(conf, "Jmax", a.Jmax);
            Line(conf, "S1", a.S1);
            Line(conf, "S2", a.S2);
            Line(conf, "H1", a.H1);
            Line(conf, "H2", a.H2);
            Line(conf, "H3", a.H3);
            Line(conf, "H4", a.H4);
        }
        conf.Append("\n[Peer]\n");
        Line(conf, "PublicKey", server.ServerPublicKey);
        Line(conf, "PresharedKey", presharedKey);
        Line(conf, "Endpoint", server.Endpoint);
        Line(conf, "AllowedIPs", server.AllowedIps);
        if (server.PersistentKeepalive > 0) Line(conf, "PersistentKeepalive", server.PersistentKeepalive);
        return conf.ToString();
    }

    /// <summary>
    /// "name.conf" where name is safe as a tunnel name on every platform: the apps take the tunnel name from
    /// the file name and accept only [A-Za-z0-9_=+.-], at most 15 characters.
    /// </summary>
    public static string FileName(string externalName)
    {
        var name = UnsafeChars().Replace(externalName, "_");
        if (name.Length > 15) name = name[..15];
        return (name.Length == 0 ? "wireguard" : name) + ".conf";
    }

    private static void Line(StringBuilder conf, string key, object? value)
    {
        if (value is null) return;
        conf.Append(key).Append(" = ").Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
    }

    [GeneratedRegex("[^A-Za-z0-9_=+.-]")]
    private static partial Regex UnsafeChars();
}
