using System.Globalization;
using System.Text;

namespace VpnBot.Core.Security;

/// <summary>
/// Where an encrypted secret belongs, used as AES-GCM associated data: a ciphertext made for one server's
/// field decrypts nowhere else.
/// </summary>
public readonly record struct SecretContext(string Place)
{
    /// <summary>A field of a server's settings, by its JSON path ("vless.password", "wireguard.ssh.sshPrivateKey").</summary>
    public static SecretContext ServerSetting(long serverId, string path) =>
        new(string.Create(CultureInfo.InvariantCulture, $"server/{serverId}/settings/{path.ToLowerInvariant()}")); // JSON keys match case-insensitively

    /// <summary>A field of one client's stored config on a server (a WireGuard or OpenVPN private key).</summary>
    public static SecretContext ClientConfig(long serverId, string externalName, string field) =>
        new(string.Create(CultureInfo.InvariantCulture, $"server/{serverId}/client/{externalName}/{field}"));

    internal byte[] AssociatedData => Encoding.UTF8.GetBytes("vpnbot:" + Place);

    public override string ToString() => Place;
}
