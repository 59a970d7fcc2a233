using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VpnBot.TestKit.Panels;

namespace VpnBot.Bench.Provisioning;

/// <summary>
/// The panel's floor: the same HTTP calls a purchase makes in steady state (look the client up by email,
/// add it; the inbound itself is cached by the provider), sent raw over a session logged in once —
/// no database, no provider logic. Our added latency is measured against this.
/// </summary>
public sealed class FloorClient(FakeThreeXUiPanel panel) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
    private string _cookie = "";
    private string? _csrf;

    private bool V3 => panel.Generation >= FakeThreeXUiGeneration.V3_0;

    public async Task LoginAsync()
    {
        if (V3)
        {
            using var token = await _http.GetAsync(panel.Url + "csrf-token");
            _csrf = JsonNode.Parse(await token.Content.ReadAsStringAsync())!["obj"]!.GetValue<string>();
            _cookie = CookieOf(token);
        }
        using var login = Request(HttpMethod.Post, "login", new FormUrlEncodedContent(
            [new("username", panel.Options.Username), new("password", panel.Options.Password)]));
        using var response = await _http.SendAsync(login);
        if (CookieOf(response) is { Length: > 0 } cookie) _cookie = cookie;
        await EnsureSuccessAsync(response);
    }

    public async Task PurchaseAsync(string email)
    {
        var client = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(), ["flow"] = "xtls-rprx-vision", ["email"] = email, ["limitIp"] = 2, ["totalGB"] = 53687091200L,
            ["expiryTime"] = 1767225600000L, ["enable"] = true, ["tgId"] = 1L, ["subId"] = Guid.NewGuid().ToString("N")[..16], ["comment"] = "", ["reset"] = 0,
        };
        if (panel.Generation == FakeThreeXUiGeneration.V3_1)
        {
            using (var lookup = await _http.SendAsync(Request(HttpMethod.Get, "panel/api/clients/get/" + email, null)))
                await lookup.Content.ReadAsStringAsync();
            var body = new JsonObject { ["client"] = client, ["inboundIds"] = new JsonArray(panel.Options.InboundId) };
            using var add = await _http.SendAsync(Request(HttpMethod.Post, "panel/api/clients/add", JsonContent.Create(body)));
            await EnsureSuccessAsync(add);
        }
        else
        {
            using (var lookup = await _http.SendAsync(Request(HttpMethod.Get, "panel/api/inbounds/getClientTraffics/" + email, null)))
                await lookup.Content.ReadAsStringAsync();
            var body = new JsonObject
            {
                ["id"] = panel.Options.InboundId,
                ["settings"] = new JsonObject { ["clients"] = new JsonArray(client) }.ToJsonString(),
            };
            using var add = await _http.SendAsync(Request(HttpMethod.Post, "panel/api/inbounds/addClient", JsonContent.Create(body)));
            await EnsureSuccessAsync(add);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, panel.Url + path) { Content = content };
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        if (_cookie.Length > 0) request.Headers.Add("Cookie", _cookie);
        if (_csrf is not null && method != HttpMethod.Get) request.Headers.Add("X-CSRF-Token", _csrf);
        return request;
    }

    private static string CookieOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.First().Split(';')[0] : "";

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || JsonNode.Parse(text)?["success"]?.GetValue<bool>() != true)
            throw new InvalidOperationException($"Floor call failed: HTTP {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
    }

    public void Dispose() => _http.Dispose();
}
