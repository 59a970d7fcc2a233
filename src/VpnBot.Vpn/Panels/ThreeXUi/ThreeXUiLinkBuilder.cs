using System.Text.Json.Nodes;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Panels.ThreeXUi;

/// <summary>
/// Builds the client's vless:// link from the inbound the way the 3X-UI panel UI does (reference §2.3):
/// transport from streamSettings.network, REALITY parameters from realitySettings (public key from the
/// panel-only "settings" sub-object, the first shortId and serverName), flow only for TCP with TLS/REALITY.
/// </summary>
internal static class ThreeXUiLinkBuilder
{
    public static VlessLink Build(string host, ThreeXUiInbound inbound, ThreeXUiClient client, string remark, string panel)
    {
        if (!string.Equals(inbound.Protocol, "vless", StringComparison.OrdinalIgnoreCase))
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"{panel}: inbound {inbound.Id} is {inbound.Protocol}, not vless.");
        if (inbound.Port is < 1 or > 65535)
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"{panel}: inbound {inbound.Id} has no valid port.");

        var stream = inbound.Stream;
        var network = Text(stream["network"]) is "" or "raw" ? "tcp" : Text(stream["network"]);
        var security = Text(stream["security"]) is "" ? "none" : Text(stream["security"]);
        var encryption = Text(inbound.Settings["encryption"]);
        var query = new Dictionary<string, string>
        {
            ["type"] = network,
            ["security"] = security,
            ["encryption"] = encryption.Length > 0 ? encryption : "none",
        };

        AddTransport(query, network, stream);
        switch (security)
        {
            case "reality":
                AddReality(query, stream["realitySettings"] as JsonObject ?? [], inbound.Id, panel);
                break;
            case "tls":
                AddTls(query, stream["tlsSettings"] as JsonObject ?? []);
                break;
        }
        if (network == "tcp" && security is "reality" or "tls" && client.Flow.Length > 0) query["flow"] = client.Flow;
        return new VlessLink(client.Id, host, inbound.Port, query, remark);
    }

    /// <summary>The flow to give a new client: XTLS Vision only works over TCP with TLS or REALITY.</summary>
    public static string FlowFor(ThreeXUiInbound inbound)
    {
        var network = Text(inbound.Stream["network"]);
        var security = Text(inbound.Stream["security"]);
        return network is "tcp" or "raw" && security is "reality" or "tls" ? "xtls-rprx-vision" : "";
    }

    private static void AddReality(Dictionary<string, string> query, JsonObject reality, int inboundId, string panel)
    {
        var settings = reality["settings"] as JsonObject ?? [];
        var publicKey = Text(settings["publicKey"]);
        if (publicKey.Length == 0)
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"{panel}: inbound {inboundId} has no REALITY public key (realitySettings.settings.publicKey).");
        var serverName = First(reality["serverNames"]) ?? Text(settings["serverName"]);
        if (serverName.Length == 0)
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"{panel}: inbound {inboundId} has no REALITY server name.");
        query["pbk"] = publicKey;
        query["sni"] = serverName;
        query["fp"] = Text(settings["fingerprint"]) is { Length: > 0 } fp ? fp : "chrome";
        if (First(reality["shortIds"]) is { } shortId) query["sid"] = shortId;
        if (Text(settings["spiderX"]) is { Length: > 0 } spiderX) query["spx"] = spiderX;
        if (Text(settings["mldsa65Verify"]) is { Length: > 0 } verify) query["pqv"] = verify;
    }

    private static void AddTls(Dictionary<string, string> query, JsonObject tls)
    {
        var settings = tls["settings"] as JsonObject ?? [];
        if (Text(tls["serverName"]) is { Length: > 0 } sni) query["sni"] = sni;
        if (Text(settings["fingerprint"]) is { Length: > 0 } fp) query["fp"] = fp;
        if (tls["alpn"] is JsonArray alpn && alpn.Count > 0) query["alpn"] = string.Join(',', alpn.Select(Text));
        if (settings["allowInsecure"] is JsonValue v && v.TryGetValue<bool>(out var insecure) && insecure) query["allowInsecure"] = "1";
    }

    private static void AddTransport(Dictionary<string, string> query, string network, JsonObject stream)
    {
        switch (network)
        {
            case "tcp":
                var header = (stream["tcpSettings"] as JsonObject)?["header"] as JsonObject;
                if (Text(header?["type"]) is { Length: > 0 } type && type != "none") query["headerType"] = type;
                break;
            case "ws":
            case "httpupgrade":
            case "xhttp":
                var settings = stream[network == "ws" ? "wsSettings" : network + "Settings"] as JsonObject ?? [];
                if (Text(settings["path"]) is { Length: > 0 } path) query["path"] = path;
                var hostHeader = Text(settings["host"]);
                if (hostHeader.Length == 0) hostHeader = Text((settings["headers"] as JsonObject)?["Host"]);
                if (hostHeader.Length > 0) query["host"] = hostHeader;
                if (network == "xhttp" && Text(settings["mode"]) is { Length: > 0 } mode) query["mode"] = mode;
                break;
            case "grpc":
                var grpc = stream["grpcSettings"] as JsonObject ?? [];
                if (Text(grpc["serviceName"]) is { Length: > 0 } service) query["serviceName"] = service;
                if (Text(grpc["authority"]) is { Length: > 0 } authority) query["authority"] = authority;
                if (grpc["multiMode"] is JsonValue m && m.TryGetValue<bool>(out var multi) && multi) query["mode"] = "multi";
                break;
        }
    }

    private static string? First(JsonNode? array) =>
        array is JsonArray items && items.Count > 0 ? Text(items[0]) : null;

    private static string Text(JsonNode? node) => PanelJson.String(node);
}
