using System.Text.Json;
using System.Text.Json.Nodes;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Panels.ThreeXUi;

/// <summary>
/// A 3X-UI client object (model.Client) kept as JSON, so a full-object update sends back every
/// field the panel has, including ones this code does not know about.
/// </summary>
internal sealed class ThreeXUiClient
{
    private readonly JsonObject _json;

    public ThreeXUiClient(JsonObject json) => _json = json;

    public static ThreeXUiClient New(string id, string email, string flow, ClientLimits limits, long telegramId, string subId, string comment) =>
        new ThreeXUiClient(new JsonObject
        {
            ["id"] = id,
            ["flow"] = flow,
            ["email"] = email,
            ["limitIp"] = 0,
            ["totalGB"] = 0L,
            ["expiryTime"] = 0L,
            ["enable"] = true,
            ["tgId"] = telegramId, // a number: a string breaks the panel's Go unmarshalling
            ["subId"] = subId,
            ["comment"] = comment,
            ["reset"] = 0,
        }).With(limits);

    public string Id => PanelJson.String(_json["id"]);
    public string Email => PanelJson.String(_json["email"]);
    public string Flow => PanelJson.String(_json["flow"]);
    public string SubId => PanelJson.String(_json["subId"]);
    public bool Enable => _json["enable"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
    public long ExpiryTime => PanelJson.Long(_json["expiryTime"]);
    public long TotalBytes => PanelJson.Long(_json["totalGB"]);
    public int LimitIp => (int)PanelJson.Long(_json["limitIp"]);

    public bool Matches(ClientLimits limits) =>
        ExpiryTime == limits.ExpiresAt.ToUnixTimeMilliseconds() && TotalBytes == (limits.TrafficLimitBytes ?? 0)
        && LimitIp == limits.DeviceLimit && Enable == limits.Enabled;

    /// <summary>A copy with the limits applied (expiry in ms, traffic in bytes, 0 = unlimited).</summary>
    public ThreeXUiClient With(ClientLimits limits)
    {
        var copy = ToJson();
        copy["expiryTime"] = limits.ExpiresAt.ToUnixTimeMilliseconds();
        copy["totalGB"] = limits.TrafficLimitBytes ?? 0;
        copy["limitIp"] = limits.DeviceLimit;
        copy["enable"] = limits.Enabled;
        return new ThreeXUiClient(copy);
    }

    public ThreeXUiClient WithEnabled(bool enabled)
    {
        var copy = ToJson();
        copy["enable"] = enabled;
        return new ThreeXUiClient(copy);
    }

    /// <summary>The object to send: the panel sets the timestamps itself.</summary>
    public JsonObject ToJson()
    {
        var copy = (JsonObject)_json.DeepClone();
        copy.Remove("created_at");
        copy.Remove("updated_at");
        return copy;
    }
}

/// <summary>An inbound as returned by /panel/api/inbounds/get/{id}.</summary>
internal sealed record ThreeXUiInbound(int Id, int Port, string Protocol, string Remark, JsonObject Settings, JsonObject Stream)
{
    public static ThreeXUiInbound Parse(JsonNode? obj, string panel)
    {
        if (obj is not JsonObject o)
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"{panel} returned no inbound.");
        return new ThreeXUiInbound(
            (int)PanelJson.Long(o["id"]),
            (int)PanelJson.Long(o["port"]),
            PanelJson.String(o["protocol"]),
            PanelJson.String(o["remark"]),
            ThreeXUiJson.Nested(o["settings"]),
            ThreeXUiJson.Nested(o["streamSettings"]));
    }

    /// <summary>The inbound without its (possibly thousands of) clients, for caching.</summary>
    public ThreeXUiInbound WithoutClients()
    {
        var settings = (JsonObject)Settings.DeepClone();
        settings.Remove("clients");
        return this with { Settings = settings };
    }

    public ThreeXUiClient? FindClient(string email) =>
        (Settings["clients"] as JsonArray)?.OfType<JsonObject>()
            .Where(c => PanelJson.String(c["email"]) == email)
            .Select(c => new ThreeXUiClient((JsonObject)c.DeepClone()))
            .FirstOrDefault();
}

internal static class ThreeXUiJson
{
    /// <summary>settings/streamSettings are JSON text inside JSON on most versions, plain objects on newer ones.</summary>
    public static JsonObject Nested(JsonNode? node)
    {
        if (node is JsonObject o) return (JsonObject)o.DeepClone();
        if (node is JsonValue v && v.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
        {
            try
            {
                if (JsonNode.Parse(text) is JsonObject parsed) return parsed;
            }
            catch (JsonException)
            {
                // an unparsable field counts as empty; the caller reports what it misses
            }
        }
        return [];
    }
}
