using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Panels.Marzban;

/// <summary>The "vless" section of a server's settings when its panel is Marzban, as stored (password encrypted).</summary>
public sealed record MarzbanSettings
{
    public string? Panel { get; init; }
    /// <summary>Panel origin, e.g. "https://panel.example.com:8000/".</summary>
    public string? Url { get; init; }
    public string? Username { get; init; }
    /// <summary>Encrypted ("enc:v1:...").</summary>
    public string? Password { get; init; }
    /// <summary>VLESS inbound tags to put users on; empty means every VLESS inbound.</summary>
    public List<string>? InboundTags { get; init; }

    internal MarzbanTarget Resolve(Server server, SecretProtector secrets)
    {
        [DoesNotReturn] void Fail(string what) => throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name}: Marzban {what}.");
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            Fail("\"url\" must be an absolute http(s) address");
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password)) Fail("needs \"username\" and \"password\"");
        if (!SecretProtector.IsProtected(Password)) Fail("\"password\" is not stored encrypted; save it through the admin tools");
        string password;
        try
        {
            password = secrets.Unprotect(Password, SecretContext.ServerSetting(server.Id, "vless.password"));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name}: Marzban \"password\" cannot be decrypted with the current key, or it was copied from another server or field.", e);
        }
        var tags = (InboundTags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        var baseUri = new Uri(url!.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        return new MarzbanTarget(server.Id, server.Name, baseUri, Username.Trim(), password, tags);
    }
}

/// <summary>Validated, decrypted settings for one call. Never logged.</summary>
internal sealed record MarzbanTarget(long ServerId, string ServerName, Uri BaseUri, string Username, string Password, IReadOnlyList<string> InboundTags)
{
    public string CacheKey => $"{ServerId}|{BaseUri}|{Username}";

    public string Describe => $"Marzban panel of server {ServerName}";

    public override string ToString() => Describe;
}
