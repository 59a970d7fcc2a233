using System.Text.Json;
using VpnBot.Core.Security;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>
/// A client's certificate as stored in VpnConfig.ConfigData; the private key encrypted (SecretProtector) and
/// bound to the client's server and name (unique per server), so a key copied to another client's row does not
/// decrypt there.
/// </summary>
public sealed record OpenVpnConfigData(string SerialNumber, string CommonName, string Certificate, string PrivateKey, DateTimeOffset NotAfter)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OpenVpnConfigData From(IssuedCertificate issued, string commonName, long serverId, SecretProtector protector) =>
        new(issued.SerialNumber, commonName, issued.CertificatePem,
            protector.Protect(issued.PrivateKeyPem, PrivateKeyPlace(serverId, commonName)), issued.NotAfter);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static OpenVpnConfigData Parse(string? json)
    {
        OpenVpnConfigData? data = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(json)) data = JsonSerializer.Deserialize<OpenVpnConfigData>(json, Json);
        }
        catch (JsonException)
        {
            data = null;
        }
        if (data is null || string.IsNullOrEmpty(data.SerialNumber) || !data.SerialNumber.All(char.IsAsciiHexDigitUpper)
            || string.IsNullOrEmpty(data.Certificate) || !SecretProtector.IsProtected(data.PrivateKey))
            throw new VpnBackendException(VpnBackendError.Rejected, "The stored OpenVPN config data is incomplete or damaged.");
        return data;
    }

    /// <summary>The client's private key (PEM); <paramref name="externalName"/> is the config's name on the server.</summary>
    public string DecryptPrivateKey(SecretProtector protector, long serverId, string externalName) =>
        protector.Unprotect(PrivateKey, PrivateKeyPlace(serverId, externalName));

    /// <summary>True when the key is still in the old format, bound to no client.</summary>
    public bool IsUnbound => SecretProtector.IsUnbound(PrivateKey);

    /// <summary>The same key bound to this client (an old value re-encrypted; a bound one must already belong here).</summary>
    public OpenVpnConfigData Rebind(SecretProtector protector, long serverId, string externalName) =>
        this with { PrivateKey = protector.Rebind(PrivateKey, PrivateKeyPlace(serverId, externalName)) };

    private static SecretContext PrivateKeyPlace(long serverId, string externalName) =>
        SecretContext.ClientConfig(serverId, externalName, "openvpn.privateKey");
}
