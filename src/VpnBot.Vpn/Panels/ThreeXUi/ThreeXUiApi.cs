using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace VpnBot.Vpn.Panels.ThreeXUi;

/// <summary>
/// Client operations on one 3X-UI inbound, on whichever routes the panel's generation has:
/// classic /panel/api/inbounds/* (v2, v3.0) or /panel/api/clients/* (v3.1+).
/// </summary>
internal sealed class ThreeXUiApi(ThreeXUiConnection connection, ThreeXUiTarget target)
{
    private const string Inbounds = "panel/api/inbounds/";
    private const string Clients = "panel/api/clients/";

    /// <summary>Opens the session first: which routes exist is known only after that.</summary>
    private async Task<bool> ClientRoutesAsync(CancellationToken ct) => await connection.OpenAsync(ct) == ThreeXUiGeneration.V3Clients;

    public async Task<ThreeXUiInbound> GetInboundAsync(CancellationToken ct)
    {
        var envelope = await connection.CallAsync(HttpMethod.Get, Inbounds + "get/" + target.InboundId, null, ct);
        if (!envelope.Success)
            throw new Core.Vpn.VpnBackendException(Core.Vpn.VpnBackendError.Misconfigured,
                $"{target.Describe} has no inbound {target.InboundId}: {PanelTransport.Clip(envelope.Msg)}");
        return ThreeXUiInbound.Parse(envelope.Obj, target.Describe);
    }

    /// <summary>The client with this email, or null. Classic panels keep clients inside the inbound's settings.</summary>
    public async Task<ThreeXUiClient?> FindClientAsync(string email, ThreeXUiInbound? inbound, CancellationToken ct)
    {
        if (!await ClientRoutesAsync(ct)) return (inbound ?? await GetInboundAsync(ct)).FindClient(email);
        var envelope = await connection.CallAsync(HttpMethod.Get, Clients + "get/" + Escape(email), null, ct);
        // An unknown email is a business error (success:false), not an HTTP status.
        return envelope.Success && envelope.Obj?["client"] is JsonObject client ? new ThreeXUiClient((JsonObject)client.DeepClone()) : null;
    }

    /// <summary>
    /// The client with this email, or null, without reading the whole inbound: classic panels answer from
    /// their traffic table (uuid, subId, expiry, quota, on/off), enough to build the link. Updates must use
    /// <see cref="FindClientAsync"/>, which returns every field.
    /// </summary>
    public async Task<ThreeXUiClient?> FindClientQuicklyAsync(string email, ThreeXUiInbound inbound, CancellationToken ct)
    {
        if (await ClientRoutesAsync(ct)) return await FindClientAsync(email, null, ct);
        var traffic = await GetTrafficAsync(email, ct);
        if (traffic is null) return null;
        var uuid = PanelJson.String(traffic["uuid"]);
        if (uuid.Length == 0) return await FindClientAsync(email, null, ct); // a panel whose traffic rows lack the uuid
        return new ThreeXUiClient(new JsonObject
        {
            ["id"] = uuid,
            ["email"] = email,
            ["flow"] = ThreeXUiLinkBuilder.FlowFor(inbound),
            ["subId"] = PanelJson.String(traffic["subId"]),
            ["enable"] = traffic["enable"]?.DeepClone(),
            ["expiryTime"] = PanelJson.Long(traffic["expiryTime"]),
            ["totalGB"] = PanelJson.Long(traffic["total"]),
            ["limitIp"] = -1, // unknown here; never equal to a real limit, so a mismatch triggers a full read
        });
    }

    public async Task AddClientAsync(ThreeXUiClient client, CancellationToken ct)
    {
        var envelope = await ClientRoutesAsync(ct)
            ? await connection.CallAsync(HttpMethod.Post, Clients + "add",
                () => JsonContent.Create(new JsonObject { ["client"] = client.ToJson(), ["inboundIds"] = new JsonArray(target.InboundId) }), ct)
            : await connection.CallAsync(HttpMethod.Post, Inbounds + "addClient", () => InboundBody(client), ct);
        envelope.Require(target.Describe, "add the client");
    }

    /// <summary>Replaces the stored client object with this one (send every field, not a patch).</summary>
    public async Task UpdateClientAsync(ThreeXUiClient client, CancellationToken ct)
    {
        var envelope = await ClientRoutesAsync(ct)
            ? await connection.CallAsync(HttpMethod.Post, Clients + "update/" + Escape(client.Email), () => JsonContent.Create(client.ToJson()), ct)
            : await connection.CallAsync(HttpMethod.Post, Inbounds + "updateClient/" + Escape(client.Id), () => InboundBody(client), ct);
        envelope.Require(target.Describe, "update the client");
    }

    public async Task DeleteClientAsync(ThreeXUiClient client, CancellationToken ct)
    {
        var envelope = await ClientRoutesAsync(ct)
            ? await connection.CallAsync(HttpMethod.Post, Clients + "del/" + Escape(client.Email), null, ct)
            : await connection.CallAsync(HttpMethod.Post, $"{Inbounds}{target.InboundId}/delClient/{Escape(client.Id)}", null, ct);
        envelope.Require(target.Describe, "delete the client");
    }

    /// <summary>Traffic counters of the client (ClientTraffic), or null when the panel has none.</summary>
    public async Task<JsonObject?> GetTrafficAsync(string email, CancellationToken ct)
    {
        var route = await ClientRoutesAsync(ct) ? Clients + "traffic/" : Inbounds + "getClientTraffics/";
        var envelope = await connection.CallAsync(HttpMethod.Get, route + Escape(email), null, ct);
        return envelope.Success ? envelope.Obj as JsonObject : null;
    }

    /// <summary>Zeroes the client's up/down counters (its traffic limit counts against them).</summary>
    public async Task ResetTrafficAsync(string email, CancellationToken ct)
    {
        var envelope = await ClientRoutesAsync(ct)
            ? await connection.CallAsync(HttpMethod.Post, Clients + "resetTraffic/" + Escape(email), null, ct)
            : await connection.CallAsync(HttpMethod.Post, $"{Inbounds}{target.InboundId}/resetClientTraffic/{Escape(email)}", null, ct);
        envelope.Require(target.Describe, "reset the client's traffic");
    }

    /// <summary>Emails of the clients connected right now.</summary>
    public async Task<IReadOnlySet<string>> GetOnlineAsync(CancellationToken ct)
    {
        var envelope = await connection.CallAsync(HttpMethod.Post, (await ClientRoutesAsync(ct) ? Clients : Inbounds) + "onlines", null, ct);
        var online = envelope.Require(target.Describe, "list online clients") as JsonArray; // null when nobody is online
        return (online ?? []).Select(PanelJson.String).ToHashSet(StringComparer.Ordinal);
    }

    // addClient/updateClient take an Inbound of which only id and settings (JSON text holding a clients array) are read.
    private JsonContent InboundBody(ThreeXUiClient client) => JsonContent.Create(new JsonObject
    {
        ["id"] = target.InboundId,
        ["settings"] = new JsonObject { ["clients"] = new JsonArray(client.ToJson()) }.ToJsonString(),
    });

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
