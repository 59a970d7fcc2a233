using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Panels.Marzban;

/// <summary>Per-panel admin token, shared by all calls; refreshed once when the panel answers 401.</summary>
internal sealed class MarzbanSession
{
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public string? Token { get; set; }
    public int Epoch { get; set; }
}

internal sealed record MarzbanResponse(int Status, JsonNode? Body)
{
    /// <summary>FastAPI's error text: a string, or a list of validation problems (422).</summary>
    public string Detail => PanelTransport.Clip(Body?["detail"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        { } other => other.ToJsonString(),
        null => "",
    });
}

/// <summary>Authenticated calls to one Marzban panel (OAuth2 password form → JWT as Bearer).</summary>
internal sealed class MarzbanConnection(HttpClient http, MarzbanTarget target, MarzbanSession session, ILogger logger)
{
    public async Task<MarzbanResponse> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        if (session.Token is null) await RefreshTokenAsync(session.Epoch, ct);
        for (var attempt = 0; ; attempt++)
        {
            var epoch = session.Epoch;
            using var request = new HttpRequestMessage(method, new Uri(target.BaseUri, path));
            if (body is not null) request.Content = JsonContent.Create(body);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await PanelTransport.SendAsync(http, request, target.Describe, ct);
            var status = (int)response.StatusCode;
            if (status == 401 && attempt == 0)
            {
                logger.LogInformation("{Panel}: token not accepted on {Route}; requesting a new one", target.Describe, path);
                await RefreshTokenAsync(epoch, ct);
                continue;
            }
            if (status is 401 or 403)
                throw new VpnBackendException(VpnBackendError.Unauthorized, $"{target.Describe} does not accept our admin (HTTP {status} on {path}).");
            if (status >= 500) throw PanelTransport.UnexpectedStatus(target.Describe, response.StatusCode, path);
            return new MarzbanResponse(status, await ReadJsonAsync(response, path, ct));
        }
    }

    private async Task RefreshTokenAsync(int epochSeen, CancellationToken ct)
    {
        await session.Gate.WaitAsync(ct);
        try
        {
            if (session.Token is not null && session.Epoch != epochSeen) return; // another call already did it
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.BaseUri, "api/admin/token"))
            {
                Content = new FormUrlEncodedContent(
                [
                    new("grant_type", "password"),
                    new("username", target.Username),
                    new("password", target.Password),
                ]),
            };
            using var response = await PanelTransport.SendAsync(http, request, target.Describe, ct);
            switch ((int)response.StatusCode)
            {
                case 200:
                    break;
                case 401 or 403:
                    throw new VpnBackendException(VpnBackendError.Unauthorized, $"{target.Describe} rejected the admin username or password.");
                case 404:
                    throw new VpnBackendException(VpnBackendError.Misconfigured, $"{target.Describe} has no /api/admin/token; check \"url\".");
                default:
                    throw PanelTransport.UnexpectedStatus(target.Describe, response.StatusCode, "api/admin/token");
            }
            var token = PanelJson.String((await ReadJsonAsync(response, "api/admin/token", ct))?["access_token"]);
            if (string.IsNullOrEmpty(token))
                throw new VpnBackendException(VpnBackendError.Misconfigured, $"{target.Describe} returned no access token; check \"url\".");
            session.Token = token;
            session.Epoch++;
            logger.LogInformation("{Panel}: obtained an admin token", target.Describe);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"{target.Describe} answered {path} with something that is not the Marzban API; check \"url\".");
        }
    }
}
