using System.Text.Json;
using VpnBot.Core.Security;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>A client's certificate as stored in VpnConfig.ConfigData; the private key encrypted (SecretProtector).</summary>
public sealed record OpenVpnConfigData(string SerialNumber, string CommonName, string Certificate, string PrivateKey, DateTimeOffset NotAfter)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OpenVpnConfigData From(IssuedCertificate issued, string commonName, SecretProtector protector) =>
        new(issued.SerialNumber, commonName, issued.CertificatePem, protector.Protect(issued.PrivateKeyPem), issued.NotAfter);

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
}
