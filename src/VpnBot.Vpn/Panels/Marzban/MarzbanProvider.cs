using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using VpnBot.Core;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Qr;

namespace VpnBot.Vpn.Panels.Marzban;

/// <summary>
/// VLESS users on a Marzban panel. The Marzban username is our stable ExternalName; a create that
/// meets 409 adopts the existing user, so a retry never makes two. Marzban has no device limit:
/// <see cref="ClientLimits.DeviceLimit"/> is not enforced there.
/// </summary>
public sealed partial class MarzbanProvider(
    IHttpClientFactory httpFactory, SecretProtector secrets, TimeProvider time, ILogger<MarzbanProvider> logger) : IVpnProvider
{
    public const string ProviderKey = "vless:marzban";

    /// <summary>Marzban counts a user online for a short while after its last traffic.</summary>
    private static readonly TimeSpan OnlineWindow = TimeSpan.FromMinutes(3);

    private readonly ConcurrentDictionary<string, MarzbanSession> _sessions = new();

    public string Key => ProviderKey;

    public async Task<ProvisionedConfig> CreateAsync(Server server, ProvisionRequest request, CancellationToken ct)
    {
        var (connection, target) = Open(server);
        var username = ValidUsername(request.ExternalName, target);
        var limits = new ClientLimits(request.ExpiresAt, request.TrafficLimitBytes, request.DeviceLimit, Enabled: true);
        var body = LimitsBody(limits);
        body["username"] = username;
        body["proxies"] = new JsonObject { ["vless"] = new JsonObject { ["flow"] = "xtls-rprx-vision" } };
        if (target.InboundTags.Count > 0) body["inbounds"] = new JsonObject { ["vless"] = new JsonArray(target.InboundTags.Select(t => (JsonNode)t!).ToArray()) };
        body["data_limit_reset_strategy"] = "no_reset";
        body["note"] = $"subscription {request.SubscriptionId}";

        var created = await connection.SendAsync(HttpMethod.Post, "api/user", body, ct);
        JsonNode? user;
        switch (created.Status)
        {
            case 200 or 201:
                user = created.Body;
                break;
            case 409:
                // An earlier attempt got through: that user is ours. Bring its limits in line.
                logger.LogInformation("{Panel}: user {Username} already existed; reusing it", target.Describe, username);
                user = (await connection.SendAsync(HttpMethod.Put, UserPath(username), LimitsBody(limits), ct)) switch
                {
                    { Status: 200 } updated => updated.Body,
                    var failed => throw Failure(target, failed, "update the existing user"),
                };
                break;
            default:
                throw Failure(target, created, "create the user");
        }

        var link = (user?["links"] as JsonArray)?.Select(PanelJson.String).FirstOrDefault(l => l.StartsWith("vless://", StringComparison.OrdinalIgnoreCase))
            ?? throw new VpnBackendException(VpnBackendError.Misconfigured, $"{target.Describe} gave user {username} no VLESS link; is a VLESS inbound enabled?");
        var uuid = PanelJson.String(user?["proxies"]?["vless"]?["id"]);
        var data = JsonSerializer.Serialize(new MarzbanConfigData("marzban", username, uuid), ServerSettings.Json);
        return new ProvisionedConfig(data, link, link, SubscriptionUrl(target, PanelJson.String(user?["subscription_url"])));
    }

    public async Task DeleteAsync(Server server, VpnConfig config, CancellationToken ct)
    {
        var (connection, target) = Open(server);
        var response = await connection.SendAsync(HttpMethod.Delete, UserPath(config.ExternalName), null, ct);
        if (response.Status is not (200 or 204 or 404)) throw Failure(target, response, "delete the user"); // 404: already gone
    }

    public async Task SetEnabledAsync(Server server, VpnConfig config, bool enabled, CancellationToken ct)
    {
        var (connection, target) = Open(server);
        var body = new JsonObject { ["status"] = enabled ? "active" : "disabled" };
        var response = await connection.SendAsync(HttpMethod.Put, UserPath(config.ExternalName), body, ct);
        if (response.Status != 200) throw Failure(target, response, enabled ? "enable the user" : "disable the user");
    }

    public async Task UpdateLimitsAsync(Server server, VpnConfig config, ClientLimits limits, CancellationToken ct)
    {
        var (connection, target) = Open(server);
        var response = await connection.SendAsync(HttpMethod.Put, UserPath(config.ExternalName), LimitsBody(limits), ct);
        if (response.Status != 200) throw Failure(target, response, "update the user");
    }

    public async Task<ClientUsage?> GetUsageAsync(Server server, VpnConfig config, CancellationToken ct)
    {
        var (connection, target) = Open(server);
        var response = await connection.SendAsync(HttpMethod.Get, UserPath(config.ExternalName), null, ct);
        if (response.Status == 404) return null;
        if (response.Status != 200) throw Failure(target, response, "read the user");
        // Marzban counts traffic as one number; it is reported as download.
        var used = PanelJson.Long(response.Body?["used_traffic"]);
        DateTimeOffset? lastSeen = DateTime.TryParse(PanelJson.String(response.Body?["online_at"]), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? new DateTimeOffset(at, TimeSpan.Zero) : null;
        return new ClientUsage(0, used, lastSeen, lastSeen is { } seen && time.GetUtcNow() - seen <= OnlineWindow);
    }

    public async Task ResetTrafficAsync(Server server, VpnConfig config, CancellationToken ct)
    {
        var (connection, target) = Open(server);
        // Also lifts a "limited" status: the new period's allowance starts from zero.
        var response = await connection.SendAsync(HttpMethod.Post, UserPath(config.ExternalName) + "/reset", null, ct);
        if (response.Status != 200) throw Failure(target, response, "reset the user's traffic");
    }

    public CustomerConfig Render(Server server, VpnConfig config)
    {
        var link = config.ConnectionString
            ?? throw new VpnBackendException(VpnBackendError.Misconfigured, $"Config {config.Id} has no link stored.");
        var qr = config.QrCodeData ?? link;
        return new CustomerConfig(VpnProtocol.Vless, link, null, null, QrCode.Fits(qr) ? QrCode.Png(qr) : null, config.SubscriptionUrl);
    }

    // Expire in Unix seconds, data limit in bytes; 0 means none.
    private static JsonObject LimitsBody(ClientLimits limits) => new()
    {
        ["expire"] = limits.ExpiresAt.ToUnixTimeSeconds(),
        ["data_limit"] = limits.TrafficLimitBytes ?? 0,
        ["status"] = limits.Enabled ? "active" : "disabled",
    };

    private static string? SubscriptionUrl(MarzbanTarget target, string url) =>
        url.Length == 0 ? null
        : Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal) ? absolute.ToString()
        : new Uri(target.BaseUri, url.TrimStart('/')).ToString(); // relative when XRAY_SUBSCRIPTION_URL_PREFIX is unset

    private static string UserPath(string username) => "api/user/" + Uri.EscapeDataString(username);

    private static VpnBackendException Failure(MarzbanTarget target, MarzbanResponse response, string what) => response.Status switch
    {
        404 => new VpnBackendException(VpnBackendError.Rejected, $"{target.Describe} could not {what}: not found ({response.Detail})."),
        _ => new VpnBackendException(VpnBackendError.Rejected, $"{target.Describe} refused to {what} (HTTP {response.Status}): {response.Detail}"),
    };

    private static string ValidUsername(string name, MarzbanTarget target) => UsernamePattern().IsMatch(name)
        ? name
        : throw new VpnBackendException(VpnBackendError.Rejected, $"{target.Describe}: \"{name}\" is not a valid Marzban username (3-32 of a-z A-Z 0-9 - _ @ .).");

    [GeneratedRegex("^[a-zA-Z0-9\\-_@.]{3,32}$")]
    private static partial Regex UsernamePattern();

    private (MarzbanConnection Connection, MarzbanTarget Target) Open(Server server)
    {
        MarzbanSettings settings;
        try
        {
            settings = server.GetSection<MarzbanSettings>("vless")
                ?? throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name} has no \"vless\" settings.");
        }
        catch (JsonException e)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"Server {server.Name}: the \"vless\" settings are not valid JSON for Marzban.", e);
        }
        var target = settings.Resolve(server, secrets);
        var session = _sessions.GetOrAdd(target.CacheKey, _ => new MarzbanSession());
        return (new MarzbanConnection(httpFactory.CreateClient(PanelHttpClients.Marzban), target, session, logger), target);
    }
}

/// <summary>What a Marzban config stores in VpnConfig.ConfigData.</summary>
internal sealed record MarzbanConfigData(string Panel, string Username, string Uuid);
