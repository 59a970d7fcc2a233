using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>A server's "openvpn" settings after validation; secrets decrypted only in memory.</summary>
public sealed partial class OpenVpnServer
{
    public const string Section = "openvpn";

    public required SshTarget Ssh { get; init; }
    public required string CaCertificatePem { get; init; }
    public required string CaPrivateKeyPem { get; init; }
    public required string TlsCryptKey { get; init; }
    public required string Remote { get; init; }
    public required int Port { get; init; }
    public required string Proto { get; init; }
    public required string CrlPath { get; init; }
    public string? StatusPath { get; init; }
    public required TimeSpan CertificateMargin { get; init; }

    public static OpenVpnServer From(Server server, SecretProtector protector)
    {
        var s = Read(server);
        var remote = s.Remote?.Trim() ?? "";
        if (Uri.CheckHostName(remote) == UriHostNameType.Unknown) throw Bad("remote must be a host name or IP address");
        var port = s.Port ?? 1194;
        if (port is < 1 or > 65535) throw Bad("port must be between 1 and 65535");
        var proto = string.IsNullOrWhiteSpace(s.Proto) ? "udp" : s.Proto.Trim();
        if (proto is not ("udp" or "tcp")) throw Bad("proto must be \"udp\" or \"tcp\"");
        var crlPath = s.CrlPath?.Trim() ?? "";
        if (!PathPattern().IsMatch(crlPath) || crlPath.Contains("..", StringComparison.Ordinal))
            throw Bad("crlPath must be an absolute file path (letters, digits, '_', '-', '.', '/')");
        var statusPath = string.IsNullOrWhiteSpace(s.StatusPath) ? null : s.StatusPath.Trim();
        if (statusPath is not null && (!PathPattern().IsMatch(statusPath) || statusPath.Contains("..", StringComparison.Ordinal)))
            throw Bad("statusPath must be an absolute file path (letters, digits, '_', '-', '.', '/')");
        var margin = s.CertificateMarginDays ?? 365;
        if (margin is < 0 or > 3650) throw Bad("certificateMarginDays must be between 0 and 3650");
        if (string.IsNullOrWhiteSpace(s.CaCertificate)) throw Bad("caCertificate is missing (create or import a CA first)");
        var tlsCrypt = Decrypt(s.TlsCryptKey, "tlsCryptKey", server.Id, protector);
        if (!OpenVpnStaticKey.IsValid(tlsCrypt)) throw Bad("tlsCryptKey is not an OpenVPN static key V1 (openvpn --genkey secret)");
        var result = new OpenVpnServer
        {
            Ssh = SshTarget.From(s.Ssh, protector, Section + ".ssh", server.Id),
            CaCertificatePem = s.CaCertificate.Trim() + "\n",
            CaPrivateKeyPem = Decrypt(s.CaPrivateKey, "caPrivateKey", server.Id, protector),
            TlsCryptKey = tlsCrypt,
            Remote = remote,
            Port = port,
            Proto = proto,
            CrlPath = crlPath,
            StatusPath = statusPath,
            CertificateMargin = TimeSpan.FromDays(margin),
        };
        result.LoadCa().Dispose(); // fail now, as Misconfigured, rather than halfway through an operation
        return result;
    }

    /// <summary>The CA certificate with its private key; dispose after use.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 LoadCa() =>
        OpenVpnCertificateAuthority.Load(CaCertificatePem, CaPrivateKeyPem);

    internal static OpenVpnSettings Read(Server server)
    {
        try
        {
            return server.GetSection<OpenVpnSettings>(Section) ?? throw Bad("section is missing");
        }
        catch (JsonException e)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"Settings {Section} of server {server.Name} are not valid JSON of the expected shape: {e.Path}.", e);
        }
    }

    private static string Decrypt(string? stored, string field, long serverId, SecretProtector protector)
    {
        if (string.IsNullOrWhiteSpace(stored)) throw Bad($"{field} is missing");
        if (!SecretProtector.IsProtected(stored)) throw Bad($"{field} must be stored encrypted");
        try
        {
            return protector.Unprotect(stored, SecretContext.ServerSetting(serverId, Section + "." + field));
        }
        catch (CryptographicException e)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"Settings {Section}: {field} cannot be decrypted with this installation's key, or it was copied from another server or field.", e);
        }
    }

    private static VpnBackendException Bad(string what) => new(VpnBackendError.Misconfigured, $"Settings {Section}: {what}.");

    [GeneratedRegex("^(?:/[A-Za-z0-9_.-]+)+$")]
    private static partial Regex PathPattern();
}
