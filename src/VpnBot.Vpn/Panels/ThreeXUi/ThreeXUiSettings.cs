using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Panels.ThreeXUi;

/// <summary>The "vless" section of a server's settings when its panel is 3X-UI, as stored (secrets encrypted).</summary>
public sealed record ThreeXUiSettings
{
    public string? Panel { get; init; }
    /// <summary>Panel address including its web base path, e.g. "http://203.0.113.5:2053/Xk3p9/".</summary>
    public string? Url { get; init; }
    public string? Username { get; init; }
    /// <summary>Encrypted ("enc:v1:...").</summary>
    public string? Password { get; init; }
    /// <summary>Encrypted v3 API token (Bearer); when set, no login or CSRF is needed.</summary>
    public string? ApiToken { get; init; }
    public int InboundId { get; init; }
    /// <summary>"auto" (default), "v2" or "v3".</summary>
    public string? ApiVersion { get; init; }
    /// <summary>Public prefix of the panel's subscription server, e.g. "https://vpn.example.com:2096/sub/".</summary>
    public string? SubscriptionBaseUrl { get; init; }

    internal ThreeXUiTarget Resolve(Server server, SecretProtector secrets)
    {
        [DoesNotReturn] void Fail(string what) => throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name}: 3X-UI {what}.");
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            Fail("\"url\" must be an absolute http(s) address including the web base path");
        if (InboundId <= 0) Fail("\"inboundId\" must be the id of the VLESS inbound");
        var mode = (ApiVersion ?? "auto").Trim().ToLowerInvariant() switch
        {
            "auto" or "" => ThreeXUiApiMode.Auto,
            "v2" => ThreeXUiApiMode.V2,
            "v3" => ThreeXUiApiMode.V3,
            _ => throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name}: 3X-UI \"apiVersion\" must be auto, v2 or v3."),
        };
        var token = Decrypt(ApiToken, "apiToken", server, secrets);
        var password = Decrypt(Password, "password", server, secrets);
        if (token is null && (string.IsNullOrWhiteSpace(Username) || password is null))
            Fail("needs \"username\" and \"password\", or an \"apiToken\"");
        if (token is not null && mode == ThreeXUiApiMode.V2) Fail("API tokens exist only on v3 panels; remove \"apiToken\" or set \"apiVersion\" to v3");

        var baseUri = new Uri(url!.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        Uri? subscriptionBase = null;
        if (!string.IsNullOrWhiteSpace(SubscriptionBaseUrl))
        {
            if (!Uri.TryCreate(SubscriptionBaseUrl, UriKind.Absolute, out var sub)) Fail("\"subscriptionBaseUrl\" must be an absolute address");
            // A bare origin means the panel's default subscription path.
            var path = sub!.AbsolutePath is "" or "/" ? "/sub/" : sub.AbsolutePath.TrimEnd('/') + "/";
            subscriptionBase = new Uri(sub.GetLeftPart(UriPartial.Authority) + path);
        }
        return new ThreeXUiTarget(server.Id, server.Name, baseUri, Username?.Trim(), password, token, InboundId, mode, subscriptionBase);
    }

    private static string? Decrypt(string? stored, string field, Server server, SecretProtector secrets)
    {
        if (string.IsNullOrEmpty(stored)) return null;
        if (!SecretProtector.IsProtected(stored))
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name}: 3X-UI \"{field}\" is not stored encrypted; save it through the admin tools.");
        try
        {
            return secrets.Unprotect(stored, SecretContext.ServerSetting(server.Id, "vless." + field));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name}: 3X-UI \"{field}\" cannot be decrypted with the current key, or it was copied from another server or field.", e);
        }
    }
}

internal enum ThreeXUiApiMode { Auto, V2, V3 }

/// <summary>Validated, decrypted settings for one call. Never logged.</summary>
internal sealed record ThreeXUiTarget(
    long ServerId,
    string ServerName,
    Uri BaseUri,
    string? Username,
    string? Password,
    string? ApiToken,
    int InboundId,
    ThreeXUiApiMode Mode,
    Uri? SubscriptionBase)
{
    /// <summary>Sessions and detected versions are cached under this key; a changed address or login starts afresh.</summary>
    public string CacheKey => $"{ServerId}|{BaseUri}|{Username}|{Mode}|{ApiToken is not null}";

    public string Describe => $"3X-UI panel of server {ServerName}";

    public string? SubscriptionUrl(string? subId) =>
        SubscriptionBase is null || string.IsNullOrEmpty(subId) ? null : SubscriptionBase + Uri.EscapeDataString(subId);

    // Records print every property; this one holds secrets.
    public override string ToString() => Describe;
}
