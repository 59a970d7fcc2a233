using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace VpnBot.TestKit.Panels;

public sealed partial class FakeThreeXUiPanel
{
    private const string Inbounds = "panel/api/inbounds/";
    private const string ClientsApi = "panel/api/clients/";

    private List<FakeRoute> Routes()
    {
        static bool All(FakeThreeXUiGeneration _) => true;
        static bool V3(FakeThreeXUiGeneration g) => g >= FakeThreeXUiGeneration.V3_0;
        static bool Classic(FakeThreeXUiGeneration g) => g < FakeThreeXUiGeneration.V3_1;
        static bool ClientRoutes(FakeThreeXUiGeneration g) => g >= FakeThreeXUiGeneration.V3_1;

        FakeRoute R(string method, string template, Func<FakeThreeXUiGeneration, bool> exists, Func<HttpContext, GroupCollection, Task> handler,
            bool api = true, bool underBasePath = true)
        {
            var pattern = "^" + TemplateParameter().Replace(Regex.Escape(template), m => $"(?<{m.Groups[1].Value}>[^/]+)") + "$";
            return new FakeRoute(method, "/" + template, new Regex(pattern, RegexOptions.CultureInvariant), exists, api, underBasePath, handler);
        }

        return
        [
            R("GET", "csrf-token", V3, CsrfTokenAsync, api: false),
            R("POST", "login", All, LoginAsync, api: false),
            R("GET", Inbounds + "list", All, (c, _) => EnvelopeAsync(c, true, "", new JsonArray(_store.Inbound()))),
            R("GET", Inbounds + "get/{id}", All, GetInboundAsync),
            R("POST", Inbounds + "addClient", Classic, AddClientClassicAsync),
            R("POST", Inbounds + "updateClient/{clientId}", Classic, UpdateClientClassicAsync),
            R("POST", Inbounds + "{id}/delClient/{clientId}", Classic, (c, g) => Result(c, _store.Delete(x => FakeThreeXUiStore.Str(x["id"]) == g["clientId"].Value))),
            R("POST", Inbounds + "{id}/delClientByEmail/{email}", Classic, (c, g) => Result(c, _store.Delete(x => FakeThreeXUiStore.Str(x["email"]) == g["email"].Value))),
            R("GET", Inbounds + "getClientTraffics/{email}", Classic, (c, g) => EnvelopeAsync(c, true, "", _store.Traffic(g["email"].Value))),
            R("POST", Inbounds + "{id}/resetClientTraffic/{email}", Classic, (c, g) => Result(c, _store.ResetTraffic(g["email"].Value))),
            R("POST", Inbounds + "onlines", Classic, OnlinesAsync),
            R("POST", Inbounds + "lastOnline", Classic, LastOnlineAsync),
            R("GET", ClientsApi + "get/{email}", ClientRoutes, GetClientAsync),
            R("POST", ClientsApi + "add", ClientRoutes, AddClientAsync),
            R("POST", ClientsApi + "update/{email}", ClientRoutes, UpdateClientAsync),
            R("POST", ClientsApi + "del/{email}", ClientRoutes, (c, g) => Result(c, _store.Delete(x => FakeThreeXUiStore.Str(x["email"]) == g["email"].Value))),
            R("GET", ClientsApi + "traffic/{email}", ClientRoutes, (c, g) => EnvelopeAsync(c, true, "", _store.Traffic(g["email"].Value))),
            R("POST", ClientsApi + "resetTraffic/{email}", ClientRoutes, (c, g) => Result(c, _store.ResetTraffic(g["email"].Value))),
            R("POST", ClientsApi + "onlines", ClientRoutes, OnlinesAsync),
            R("POST", ClientsApi + "lastOnline", ClientRoutes, LastOnlineAsync),
            R("GET", "sub/{subId}", All, SubscriptionAsync, api: false, underBasePath: false),
        ];
    }

    [GeneratedRegex(@"\\\{(\w+)}")]
    private static partial Regex TemplateParameter();

    private Task CsrfTokenAsync(HttpContext context, GroupCollection _)
    {
        var session = SessionOf(context.Request) ?? NewSession();
        if (session.Csrf is null)
        {
            // The session changed: gin's cookie store writes the cookie again.
            session.Csrf = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            _issuedSecrets[session.Csrf] = 0;
            WriteCookie(context.Response, session);
        }
        return EnvelopeAsync(context, true, "", session.Csrf);
    }

    private async Task LoginAsync(HttpContext context, GroupCollection _)
    {
        var session = SessionOf(context.Request);
        if (IsV3 && (session is null || !CsrfMatches(context.Request, session)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden; // CSRFMiddleware
            return;
        }
        var fields = await ReadFieldsAsync(context.Request);
        var username = fields.GetValueOrDefault("username") ?? "";
        var password = fields.GetValueOrDefault("password") ?? "";
        if (username.Length == 0 || password.Length == 0)
        {
            await EnvelopeAsync(context, false, username.Length == 0 ? "Please enter username" : "Please enter password", null);
            return;
        }
        if (username != Options.Username || password != Options.Password)
        {
            await EnvelopeAsync(context, false, "Wrong username or password", null);
            return;
        }
        session ??= NewSession();
        session.LoggedIn = true;
        Logins++;
        WriteCookie(context.Response, session);
        await EnvelopeAsync(context, true, "Login Successfully", null);
    }

    private Task GetInboundAsync(HttpContext context, GroupCollection groups) =>
        groups["id"].Value == Options.InboundId.ToString(CultureInfo.InvariantCulture)
            ? EnvelopeAsync(context, true, "", _store.Inbound())
            : EnvelopeAsync(context, false, "Failed to obtain (record not found)", null);

    private async Task AddClientClassicAsync(HttpContext context, GroupCollection _)
    {
        var (inboundId, clients, error) = await ReadInboundBodyAsync(context.Request);
        if (error is not null || inboundId != Options.InboundId)
        {
            await EnvelopeAsync(context, false, $"Something went wrong! ({error ?? "record not found"})", null);
            return;
        }
        foreach (var client in clients)
        {
            if (_store.Add(client) is { } failed)
            {
                await EnvelopeAsync(context, false, $"Something went wrong! ({failed})", null);
                return;
            }
        }
        await EnvelopeAsync(context, true, "Client(s) added Successfully", null);
    }

    private async Task UpdateClientClassicAsync(HttpContext context, GroupCollection groups)
    {
        var (inboundId, clients, error) = await ReadInboundBodyAsync(context.Request);
        if (error is not null || inboundId != Options.InboundId || clients.Count == 0)
        {
            await EnvelopeAsync(context, false, $"Something went wrong! ({error ?? "record not found"})", null);
            return;
        }
        var clientId = groups["clientId"].Value;
        await Result(context, _store.Replace(c => FakeThreeXUiStore.Str(c["id"]) == clientId, clients[0]));
    }

    private Task GetClientAsync(HttpContext context, GroupCollection groups)
    {
        var email = groups["email"].Value;
        if (_store.Client(email) is not { } client) return EnvelopeAsync(context, false, "Failed to get (record not found)", null);
        var traffic = _store.Traffic(email);
        var used = (traffic?["up"]?.GetValue<long>() ?? 0) + (traffic?["down"]?.GetValue<long>() ?? 0);
        return EnvelopeAsync(context, true, "", new JsonObject
        {
            ["client"] = client, ["inboundIds"] = new JsonArray(Options.InboundId), ["externalLinks"] = new JsonArray(), ["usedTraffic"] = used,
        });
    }

    private async Task AddClientAsync(HttpContext context, GroupCollection _)
    {
        var body = await ReadJsonAsync(context.Request);
        if (body?["client"] is not JsonObject client || body["inboundIds"] is not JsonArray ids)
        {
            await EnvelopeAsync(context, false, "Something went wrong! (invalid payload)", null);
            return;
        }
        if (!ids.Any(i => i is JsonValue v && v.TryGetValue<int>(out var id) && id == Options.InboundId))
        {
            await EnvelopeAsync(context, false, "Something went wrong! (record not found)", null);
            return;
        }
        client = (JsonObject)client.DeepClone();
        // v3.1 generates secrets the caller leaves out.
        if (FakeThreeXUiStore.Str(client["id"]).Length == 0) client["id"] = Guid.NewGuid().ToString();
        if (FakeThreeXUiStore.Str(client["subId"]).Length == 0) client["subId"] = Guid.NewGuid().ToString("N")[..16];
        await Result(context, _store.Add(client));
    }

    private async Task UpdateClientAsync(HttpContext context, GroupCollection groups)
    {
        if (await ReadJsonAsync(context.Request) is not JsonObject client)
        {
            await EnvelopeAsync(context, false, "Something went wrong! (invalid payload)", null);
            return;
        }
        var email = groups["email"].Value;
        await Result(context, _store.Replace(c => FakeThreeXUiStore.Str(c["email"]) == email, client));
    }

    private Task OnlinesAsync(HttpContext context, GroupCollection _)
    {
        var online = _store.Online;
        return EnvelopeAsync(context, true, "", online.Count == 0 ? null : new JsonArray(online.Select(e => (JsonNode)e!).ToArray()));
    }

    private Task LastOnlineAsync(HttpContext context, GroupCollection _) =>
        EnvelopeAsync(context, true, "", JsonSerializer.SerializeToNode(_store.LastOnline()));

    /// <summary>The subscription server: every enabled client with this subId, one link each, Base64 body.</summary>
    private async Task SubscriptionAsync(HttpContext context, GroupCollection groups)
    {
        var subId = groups["subId"].Value;
        var clients = _store.Clients.Where(c => FakeThreeXUiStore.Str(c["subId"]) == subId && c["enable"]?.GetValue<bool>() == true).ToList();
        if (clients.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Error!");
            return;
        }
        long up = 0, down = 0, total = 0, expire = 0;
        foreach (var client in clients)
        {
            var traffic = _store.Traffic(FakeThreeXUiStore.Str(client["email"]));
            up += traffic?["up"]?.GetValue<long>() ?? 0;
            down += traffic?["down"]?.GetValue<long>() ?? 0;
            total += client["totalGB"]?.GetValue<long>() ?? 0;
            expire = Math.Max(expire, (client["expiryTime"]?.GetValue<long>() ?? 0) / 1000);
        }
        var links = clients.Select(c => ShareLink(context.Request.Host.Host, c));
        context.Response.Headers["Subscription-Userinfo"] = $"upload={up}; download={down}; total={total}; expire={expire}";
        context.Response.Headers["Profile-Update-Interval"] = "12";
        context.Response.Headers["Profile-Title"] = "base64:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Options.InboundRemark));
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', links))));
    }

    /// <summary>The panel's own share link (written independently of the bot's builder, so tests can compare the two).</summary>
    private string ShareLink(string host, JsonObject client)
    {
        var query = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["type"] = "tcp", ["encryption"] = "none", ["security"] = "reality", ["pbk"] = Options.RealityPublicKey,
            ["fp"] = Options.Fingerprint, ["sni"] = Options.ServerNames[0], ["sid"] = Options.ShortIds[0], ["spx"] = Options.SpiderX,
        };
        if (FakeThreeXUiStore.Str(client["flow"]) is { Length: > 0 } flow) query["flow"] = flow;
        var remark = Options.InboundRemark + "-" + FakeThreeXUiStore.Str(client["email"]);
        return $"vless://{FakeThreeXUiStore.Str(client["id"])}@{host}:{Options.InboundPort}?"
            + string.Join('&', query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value))) + "#" + Uri.EscapeDataString(remark);
    }

    private static Task Result(HttpContext context, string? error) =>
        error is null ? EnvelopeAsync(context, true, "Success", null) : EnvelopeAsync(context, false, $"Something went wrong! ({error})", null);

    /// <summary>addClient/updateClient: an Inbound of which id and settings (JSON text with a clients array) are read; JSON or form.</summary>
    private static async Task<(int InboundId, List<JsonObject> Clients, string? Error)> ReadInboundBodyAsync(HttpRequest request)
    {
        var fields = await ReadFieldsAsync(request);
        if (!int.TryParse(fields.GetValueOrDefault("id"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var inboundId))
            return (0, [], "invalid inbound id");
        try
        {
            if (JsonNode.Parse(fields.GetValueOrDefault("settings") ?? "") is not JsonObject settings || settings["clients"] is not JsonArray clients)
                return (inboundId, [], "no clients");
            return (inboundId, clients.OfType<JsonObject>().Select(c => (JsonObject)c.DeepClone()).ToList(), null);
        }
        catch (JsonException e)
        {
            return (inboundId, [], e.Message);
        }
    }

    /// <summary>gin's ShouldBind: JSON body or form fields, by content type.</summary>
    private static async Task<Dictionary<string, string>> ReadFieldsAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
            return (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var json = await ReadJsonAsync(request) as JsonObject;
        return json?.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? "")
            ?? [];
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
