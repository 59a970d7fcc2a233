using System.Globalization;
using System.Text;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>
/// The customer's single-file .ovpn with inline &lt;ca&gt;, &lt;cert&gt;, &lt;key&gt; and &lt;tls-crypt&gt;.
/// No QR code: with inline certificates and keys it runs to several kilobytes, beyond what a QR code holds
/// (QrCode.MaxBytes), so it is delivered as a file only.
/// </summary>
public static class OpenVpnProfile
{
    public static string Render(OpenVpnServer server, OpenVpnConfigData data, string clientPrivateKeyPem)
    {
        var p = new StringBuilder();
        p.Append("client\n");
        p.Append("dev tun\n");
        p.Append("proto ").Append(server.Proto).Append('\n');
        p.Append("remote ").Append(server.Remote).Append(' ').Append(server.Port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        p.Append("resolv-retry infinite\n");
        p.Append("nobind\n");
        p.Append("persist-key\n");
        p.Append("persist-tun\n");
        p.Append("remote-cert-tls server\n");
        p.Append("data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\n");
        p.Append("cipher AES-256-GCM\n");
        p.Append("auth SHA256\n");
        p.Append("verb 3\n");
        Block(p, "ca", server.CaCertificatePem);
        Block(p, "cert", data.Certificate);
        Block(p, "key", clientPrivateKeyPem);
        Block(p, "tls-crypt", server.TlsCryptKey);
        return p.ToString();
    }

    public static string FileName(string externalName) => externalName + ".ovpn";

    private static void Block(StringBuilder p, string tag, string pem) =>
        p.Append('<').Append(tag).Append(">\n").Append(pem.Trim()).Append("\n</").Append(tag).Append(">\n");
}
