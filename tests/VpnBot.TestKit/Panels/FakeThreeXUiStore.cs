using System.Text.Json;
using System.Text.Json.Nodes;

namespace VpnBot.TestKit.Panels;

/// <summary>
/// The panel's data: one VLESS + REALITY inbound whose clients live in its settings JSON, and a
/// ClientTraffic row per client, with the validation rules of 3X-UI's InboundService
/// (email unique across the panel, UUID required for VLESS, numeric tgId/expiryTime/totalGB).
/// </summary>
internal sealed class FakeThreeXUiStore(FakeThreeXUiOptions options)
{
    private static readonly string[] NumericFields = ["tgId", "expiryTime", "totalGB", "limitIp", "reset"];
    private static readonly string[] Flows = ["", "xtls-rprx-vision", "xtls-rprx-vision-udp443"];

    private readonly Lock _lock = new();
    private readonly List<JsonObject> _clients = [];
    private readonly Dictionary<string, JsonObject> _traffic = new(StringComparer.Ordinal);
    private readonly HashSet<string> _online = new(StringComparer.Ordinal);
    private int _nextTrafficId = 1;

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public IReadOnlyList<JsonObject> Clients
    {
        get { lock (_lock) return _clients.Select(c => (JsonObject)c.DeepClone()).ToList(); }
    }

    public JsonObject? Client(string email)
    {
        lock (_lock) return (JsonObject?)Find(email)?.DeepClone();
    }

    public string? Add(JsonObject client)
    {
        client = Normalize(client);
        lock (_lock)
        {
            if (Validate(client) is { } error) return error;
            var email = Str(client["email"]);
            if (Find(email) is not null) return $"Duplicate email: {email}";
            var now = Time.GetUtcNow().ToUnixTimeMilliseconds();
            client["created_at"] = now;
            client["updated_at"] = now;
            _clients.Add(client);
            _traffic[email] = new JsonObject
            {
                ["id"] = _nextTrafficId++, ["inboundId"] = options.InboundId, ["enable"] = true, ["email"] = email,
                ["uuid"] = Str(client["id"]), ["subId"] = Str(client["subId"]), ["up"] = 0L, ["down"] = 0L, ["allTime"] = 0L,
                ["expiryTime"] = 0L, ["total"] = 0L, ["reset"] = 0, ["lastOnline"] = 0L,
            };
            SyncTraffic(client);
            return null;
        }
    }

    /// <summary>Replaces the client matched by <paramref name="match"/> with <paramref name="replacement"/> (full object).</summary>
    public string? Replace(Func<JsonObject, bool> match, JsonObject replacement)
    {
        replacement = Normalize(replacement);
        lock (_lock)
        {
            var index = _clients.FindIndex(c => match(c));
            if (index < 0) return "Client Not Found";
            var old = _clients[index];
            if (Str(replacement["id"]).Length == 0) replacement["id"] = Str(old["id"]);
            if (Validate(replacement) is { } error) return error;
            var email = Str(replacement["email"]);
            var oldEmail = Str(old["email"]);
            if (email != oldEmail && Find(email) is not null) return $"Duplicate email: {email}";
            replacement["created_at"] = old["created_at"]?.DeepClone();
            replacement["updated_at"] = Time.GetUtcNow().ToUnixTimeMilliseconds();
            _clients[index] = replacement;
            if (email != oldEmail && _traffic.Remove(oldEmail, out var row))
            {
                row["email"] = email;
                _traffic[email] = row;
            }
            SyncTraffic(replacement);
            return null;
        }
    }

    public string? Delete(Func<JsonObject, bool> match)
    {
        lock (_lock)
        {
            var client = _clients.FirstOrDefault(match);
            if (client is null) return "Client Not Found";
            _clients.Remove(client);
            _traffic.Remove(Str(client["email"]));
            _online.Remove(Str(client["email"]));
            return null;
        }
    }

    public JsonObject? Traffic(string email)
    {
        lock (_lock) return _traffic.TryGetValue(email, out var row) ? (JsonObject)row.DeepClone() : null;
    }

    public void SetTraffic(string email, long up, long down, DateTimeOffset? lastOnline)
    {
        lock (_lock)
        {
            var row = _traffic[email];
            row["up"] = up;
            row["down"] = down;
            row["allTime"] = up + down;
            row["lastOnline"] = lastOnline?.ToUnixTimeMilliseconds() ?? 0L;
        }
    }

    /// <summary>resetClientTraffic: the period's counters back to zero (allTime keeps counting); null, or why not.</summary>
    public string? ResetTraffic(string email)
    {
        lock (_lock)
        {
            if (!_traffic.TryGetValue(email, out var row)) return "Client not found";
            row["up"] = 0L;
            row["down"] = 0L;
            TrafficResets++;
            return null;
        }
    }

    public int TrafficResets { get; private set; }

    public void SetOnline(IEnumerable<string> emails)
    {
        lock (_lock)
        {
            _online.Clear();
            _online.UnionWith(emails);
        }
    }

    public IReadOnlyList<string> Online
    {
        get { lock (_lock) return _online.ToList(); }
    }

    public Dictionary<string, long> LastOnline()
    {
        lock (_lock) return _traffic.ToDictionary(t => t.Key, t => t.Value["lastOnline"]!.GetValue<long>());
    }

    /// <summary>The inbound as /panel/api/inbounds/get returns it: settings and streamSettings double-encoded (or nested on newer panels).</summary>
    public JsonObject Inbound()
    {
        lock (_lock)
        {
            var settings = new JsonObject
            {
                ["clients"] = new JsonArray(_clients.Select(c => (JsonNode)c.DeepClone()).ToArray()),
                ["decryption"] = "none",
                ["fallbacks"] = new JsonArray(),
            };
            var stream = new JsonObject
            {
                ["network"] = "tcp",
                ["security"] = "reality",
                ["externalProxy"] = new JsonArray(),
                ["realitySettings"] = new JsonObject
                {
                    ["show"] = false, ["xver"] = 0, ["target"] = "www.apple.com:443",
                    ["serverNames"] = new JsonArray(options.ServerNames.Select(n => (JsonNode)n!).ToArray()),
                    ["privateKey"] = options.RealityPrivateKey,
                    ["minClientVer"] = "", ["maxClientVer"] = "", ["maxTimediff"] = 0,
                    ["shortIds"] = new JsonArray(options.ShortIds.Select(n => (JsonNode)n!).ToArray()),
                    ["settings"] = new JsonObject
                    {
                        ["publicKey"] = options.RealityPublicKey, ["fingerprint"] = options.Fingerprint,
                        ["serverName"] = "", ["spiderX"] = options.SpiderX,
                    },
                },
                ["tcpSettings"] = new JsonObject { ["acceptProxyProtocol"] = false, ["header"] = new JsonObject { ["type"] = "none" } },
            };
            var sniffing = new JsonObject { ["enabled"] = false, ["destOverride"] = new JsonArray("http", "tls", "quic", "fakedns") };
            return new JsonObject
            {
                ["id"] = options.InboundId, ["up"] = 0L, ["down"] = 0L, ["total"] = 0L, ["allTime"] = 0L,
                ["remark"] = options.InboundRemark, ["enable"] = true, ["expiryTime"] = 0L, ["trafficReset"] = "never",
                ["lastTrafficResetTime"] = 0L,
                ["clientStats"] = new JsonArray(_traffic.Values.Select(t => (JsonNode)t.DeepClone()).ToArray()),
                ["listen"] = "", ["port"] = options.InboundPort, ["protocol"] = "vless",
                ["settings"] = Encode(settings), ["streamSettings"] = Encode(stream),
                ["tag"] = $"inbound-{options.InboundPort}", ["sniffing"] = Encode(sniffing),
            };
        }
    }

    /// <summary>Values as if parsed from the wire (objects built in C# hold CLR-typed numbers).</summary>
    private static JsonObject Normalize(JsonObject client) => (JsonObject)JsonNode.Parse(client.ToJsonString())!;

    private JsonNode Encode(JsonObject value) => options.NestedJsonFields ? value : JsonValue.Create(value.ToJsonString());

    private JsonObject? Find(string email) => _clients.FirstOrDefault(c => Str(c["email"]) == email);

    private void SyncTraffic(JsonObject client)
    {
        var row = _traffic[Str(client["email"])];
        row["enable"] = client["enable"]?.GetValue<bool>() ?? true;
        row["expiryTime"] = client["expiryTime"]?.GetValue<long>() ?? 0;
        row["total"] = client["totalGB"]?.GetValue<long>() ?? 0;
        row["uuid"] = Str(client["id"]);
        row["subId"] = Str(client["subId"]);
    }

    private static string? Validate(JsonObject client)
    {
        // Go unmarshalling into int64 fields fails on strings and fractions.
        foreach (var field in NumericFields)
        {
            if (client[field] is null) continue;
            if (client[field] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<long>(out _))
                return $"json: cannot unmarshal {client[field]?.GetValueKind().ToString().ToLowerInvariant()} into Go struct field Client.{field} of type int64";
        }
        if (Str(client["id"]).Length == 0) return "empty client ID";
        if (!Guid.TryParse(Str(client["id"]), out _)) return "invalid client ID";
        if (Str(client["email"]).Length == 0) return "client email is required";
        if (!Flows.Contains(Str(client["flow"]))) return $"invalid flow {Str(client["flow"])}";
        return null;
    }

    internal static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
