using System.Text.Json;
using System.Text.Json.Nodes;

namespace VpnBot.Core.Servers;

/// <summary>
/// Typed access to a server's per-protocol settings JSON: one top-level section per backend
/// ("vless", "wireguard", "openvpn"). Secret fields inside a section are stored encrypted
/// ("enc:v1:...", see SecretProtector) and decrypted only by the provider that uses them.
/// </summary>
public static class ServerSettings
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static T? GetSection<T>(this Server server, string section) where T : class
    {
        var root = JsonNode.Parse(string.IsNullOrWhiteSpace(server.Settings) ? "{}" : server.Settings) as JsonObject;
        var node = root?[section];
        return node?.Deserialize<T>(Json);
    }

    public static void SetSection<T>(this Server server, string section, T value) where T : class
    {
        var root = JsonNode.Parse(string.IsNullOrWhiteSpace(server.Settings) ? "{}" : server.Settings) as JsonObject ?? [];
        root[section] = JsonSerializer.SerializeToNode(value, Json);
        server.Settings = root.ToJsonString();
    }

    public static bool HasSection(this Server server, string section) =>
        (JsonNode.Parse(string.IsNullOrWhiteSpace(server.Settings) ? "{}" : server.Settings) as JsonObject)?.ContainsKey(section) == true;
}
