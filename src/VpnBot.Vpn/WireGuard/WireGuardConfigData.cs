using System.Text.Json;
using VpnBot.Core.Security;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.WireGuard;

/// <summary>
/// What a WireGuard client is, stored as VpnConfig.ConfigData and IpAllocation.KeyData: the private
/// and preshared keys encrypted (SecretProtector), the public key and address in clear.
/// The keys are bound to the client's place, its server and name (unique per server in both tables, and known
/// before either row is inserted; the reservation and the config hold the same client's keys), so keys copied
/// to another client's row do not decrypt there.
/// </summary>
public sealed record WireGuardConfigData(string PublicKey, string PrivateKey, string PresharedKey, string Address)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WireGuardConfigData CreateNew(string address, long serverId, string externalName, SecretProtector protector)
    {
        var privateKey = WireGuardKeys.GeneratePrivateKey();
        return new WireGuardConfigData(WireGuardKeys.PublicKeyOf(privateKey),
            protector.Protect(privateKey, PrivateKeyPlace(serverId, externalName)),
            protector.Protect(WireGuardKeys.GeneratePresharedKey(), PresharedKeyPlace(serverId, externalName)), address);
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

    public string DecryptPrivateKey(SecretProtector protector, long serverId, string externalName) =>
        Decrypt(PrivateKey, protector, PrivateKeyPlace(serverId, externalName));

    public string DecryptPresharedKey(SecretProtector protector, long serverId, string externalName) =>
        Decrypt(PresharedKey, protector, PresharedKeyPlace(serverId, externalName));

    /// <summary>True when a key is still in the old format, bound to no client.</summary>
    public bool IsUnbound => SecretProtector.IsUnbound(PrivateKey) || SecretProtector.IsUnbound(PresharedKey);

    /// <summary>The same keys bound to this client (old values re-encrypted; bound ones must already belong here).</summary>
    public WireGuardConfigData Rebind(SecretProtector protector, long serverId, string externalName) => this with
    {
        PrivateKey = protector.Rebind(PrivateKey, PrivateKeyPlace(serverId, externalName)),
        PresharedKey = protector.Rebind(PresharedKey, PresharedKeyPlace(serverId, externalName)),
    };

    private static SecretContext PrivateKeyPlace(long serverId, string externalName) =>
        SecretContext.ClientConfig(serverId, externalName, "wireguard.privateKey");

    private static SecretContext PresharedKeyPlace(long serverId, string externalName) =>
        SecretContext.ClientConfig(serverId, externalName, "wireguard.presharedKey");

    private static string Decrypt(string stored, SecretProtector protector, SecretContext place)
    {
        var plain = protector.Unprotect(stored, place);
        return WireGuardKeys.IsValid(plain) ? plain
            : throw new VpnBackendException(VpnBackendError.Rejected, "A stored WireGuard key decrypts to something that is not a key.");
    }
}
