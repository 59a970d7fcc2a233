using System.Text.Json;
using VpnBot.Core.Security;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.WireGuard;

/// <summary>
/// What a WireGuard client is, stored as VpnConfig.ConfigData and IpAllocation.KeyData: the private
/// and preshared keys encrypted (SecretProtector), the public key and address in clear.
/// </summary>
public sealed record WireGuardConfigData(string PublicKey, string PrivateKey, string PresharedKey, string Address)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WireGuardConfigData CreateNew(string address, SecretProtector protector)
    {
        var privateKey = WireGuardKeys.GeneratePrivateKey();
        return new WireGuardConfigData(WireGuardKeys.PublicKeyOf(privateKey), protector.Protect(privateKey),
            protector.Protect(WireGuardKeys.GeneratePresharedKey()), address);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static WireGuardConfigData Parse(string? json)
    {
        WireGuardConfigData? data = null;
        try
        {
            if (!string.IsNullOrWhiteSpace(json)) data = JsonSerializer.Deserialize<WireGuardConfigData>(json, Json);
        }
        catch (JsonException)
        {
            data = null;
        }
        if (data is null || !WireGuardKeys.IsValid(data.PublicKey) || !SecretProtector.IsProtected(data.PrivateKey)
            || !SecretProtector.IsProtected(data.PresharedKey) || !System.Net.IPAddress.TryParse(data.Address, out _))
            throw new VpnBackendException(VpnBackendError.Rejected, "The stored WireGuard config data is incomplete or damaged.");
        return data;
    }

    public string DecryptPrivateKey(SecretProtector protector) => Decrypt(PrivateKey, protector);

    public string DecryptPresharedKey(SecretProtector protector) => Decrypt(PresharedKey, protector);

    private static string Decrypt(string stored, SecretProtector protector)
    {
        var plain = protector.Unprotect(stored);
        return WireGuardKeys.IsValid(plain) ? plain
            : throw new VpnBackendException(VpnBackendError.Rejected, "A stored WireGuard key decrypts to something that is not a key.");
    }
}
