using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace VpnBot.TestKit.Panels;

public sealed class FakeMarzbanOptions
{
    public string Username { get; set; } = "admin";
    public string Password { get; set; } = "fake-marzban-password";
    /// <summary>VLESS inbound tags the panel has.</summary>
    public IReadOnlyList<string> VlessInbounds { get; set; } = ["VLESS TCP REALITY"];
    /// <summary>XRAY_SUBSCRIPTION_URL_PREFIX; empty makes subscription_url relative ("/sub/&lt;token&gt;").</summary>
    public string SubscriptionUrlPrefix { get; set; } = "";
    public string Host { get; set; } = "vpn.example.com";
    public int InboundPort { get; set; } = 443;
}

/// <summary>
/// A Marzban panel (v0.8) on loopback (reference §3): OAuth2 password-form token, Bearer auth,
/// user CRUD with FastAPI's error shapes (401/404/409 with "detail", 422 with a list of problems),
/// expire in seconds, data_limit in bytes, links and subscription_url in every UserResponse.
/// </summary>
public sealed partial class FakeMarzbanPanel : FakeHttpServer
{
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _users = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private FakeMarzbanPanel(FakeMarzbanOptions options) => Options = options;

    public FakeMarzbanOptions Options { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public int TokensIssued { get; private set; }

    /// <summary>Every access token handed out, so tests can check none of them was logged.</summary>
    public IReadOnlyCollection<string> IssuedTokens => _issued.Keys.ToList();

    private readonly ConcurrentDictionary<string, byte> _issued = new(StringComparer.Ordinal);

    public static async Task<FakeMarzbanPanel> StartAsync(FakeMarzbanOptions? options = null)
    {
        var panel = new FakeMarzbanPanel(options ?? new FakeMarzbanOptions());
        await panel.ListenAsync();
        return panel;
    }

    public void ExpireAllTokens() => _tokens.Clear();

    public IReadOnlyList<JsonObject> Users
    {
        get { lock (_lock) return _users.Values.Select(Response).ToList(); }
    }

    public JsonObject? User(string username)
    {
        lock (_lock) return _users.TryGetValue(username, out var u) ? Response(u) : null;
    }

    public void SetUsage(string username, long usedBytes, DateTimeOffset? onlineAt)
    {
        lock (_lock)
        {
            _users[username]["used_traffic"] = usedBytes;
            _users[username]["online_at"] = onlineAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        }
    }

    protected override string RouteOf(HttpRequest request) => Template(request);

    protected override async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var template = Template(request);
        Count(request.Method + " " + template);
        var path = request.Path.Value ?? "/";
        if (template == "/api/admin/token" && HttpMethods.IsPost(request.Method))
        {
            await TokenAsync(context);
            return;
        }
        if (template.StartsWith("/sub/", StringComparison.Ordinal) && HttpMethods.IsGet(request.Method))
        {
            await SubscriptionAsync(context, path.Split('/', StringSplitOptions.RemoveEmptyEntries)[1]);
            return;
        }
        if (!template.StartsWith("/api/", StringComparison.Ordinal))
        {
            await DetailAsync(context, 404, "Not Found");
            return;
        }
        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(auth[7..]))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await DetailAsync(context, 401, "Could not validate credentials");
            return;
        }
        var username = Uri.UnescapeDataString(path.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) ?? "");
        var task = (request.Method, template) switch
        {
            ("POST", "/api/user") => CreateAsync(context),
            ("GET", "/api/user/{username}") => GetAsync(context, username),
            ("PUT", "/api/user/{username}") => ModifyAsync(context, username),
            ("DELETE", "/api/user/{username}") => DeleteAsync(context, username),
            ("GET", "/api/user/{username}/usage") => UsageAsync(context, username),
            _ => DetailAsync(context, 404, "Not Found"),
        };
        await task;
    }

    private static string Template(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        if (path.StartsWith("/sub/", StringComparison.Ordinal)) return "/sub/{token}";
        if (UserUsagePath().IsMatch(path)) return "/api/user/{username}/usage";
        if (UserPath().IsMatch(path)) return "/api/user/{username}";
        return path;
    }

    [GeneratedRegex("^/api/user/[^/]+/usage$")]
    private static partial Regex UserUsagePath();

    [GeneratedRegex("^/api/user/[^/]+$")]
    private static partial Regex UserPath();

    [GeneratedRegex("^[a-zA-Z0-9\\-_@.]{3,32}$")]
    private static partial Regex ValidUsername();

    private async Task TokenAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await ValidationAsync(context, ("body", "username", "field required"));
            return;
        }
        var form = await context.Request.ReadFormAsync();
        if (form["username"] != Options.Username || form["password"] != Options.Password)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await DetailAsync(context, 401, "Incorrect username or password");
            return;
        }
        var token = "eyJhbGciOiJIUzI1NiJ9." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tokens[token] = 0;
        _issued[token] = 0;
        TokensIssued++;
        await JsonAsync(context, 200, new JsonObject { ["access_token"] = token, ["token_type"] = "bearer" });
    }

    private async Task CreateAsync(HttpContext context)
    {
        if (await ReadJsonAsync(context.Request) is not JsonObject body)
        {
            await ValidationAsync(context, ("body", "", "value is not a valid dict"));
            return;
        }
        var username = Str(body["username"]);
        if (!ValidUsername().IsMatch(username))
        {
            await ValidationAsync(context, ("body", "username", "Username only can be 3 to 32 characters and contain a-z, 0-9, and underscores in between."));
            return;
        }
        if (body["proxies"] is not JsonObject proxies || proxies.Count == 0)
        {
            await ValidationAsync(context, ("body", "proxies", "Each user needs at least one proxy"));
            return;
        }
        if (Validate(context, body, create: true) is { } problem)
        {
            await problem;
            return;
        }
        var inbounds = body["inbounds"]?["vless"] as JsonArray;
        if (inbounds?.Select(Str).FirstOrDefault(t => !Options.VlessInbounds.Contains(t)) is { } unknown)
        {
            await DetailAsync(context, 400, $"Inbound {unknown} doesn't exist");
            return;
        }
        JsonObject user;
        lock (_lock)
        {
            if (_users.ContainsKey(username))
            {
                user = null!;
            }
            else
            {
                var vless = (proxies["vless"] as JsonObject)?.DeepClone() as JsonObject ?? [];
                if (Str(vless["id"]).Length == 0) vless["id"] = Guid.NewGuid().ToString();
                user = new JsonObject
                {
                    ["username"] = username,
                    ["proxies"] = new JsonObject { ["vless"] = vless },
                    ["inbounds"] = new JsonObject { ["vless"] = new JsonArray((inbounds?.Select(Str) ?? Options.VlessInbounds).Select(t => (JsonNode)t!).ToArray()) },
                    ["expire"] = body["expire"]?.DeepClone(),
                    ["data_limit"] = body["data_limit"]?.DeepClone(),
                    ["data_limit_reset_strategy"] = Str(body["data_limit_reset_strategy"]) is { Length: > 0 } s ? s : "no_reset",
                    ["status"] = Str(body["status"]) is { Length: > 0 } st ? st : "active",
                    ["note"] = body["note"]?.DeepClone(),
                    ["used_traffic"] = 0L,
                    ["lifetime_used_traffic"] = 0L,
                    ["online_at"] = null,
                    ["created_at"] = Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                    ["sub_token"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
                };
                _users[username] = user;
            }
        }
        if (user is null) await DetailAsync(context, 409, "User already exists");
        else await JsonAsync(context, 200, Response(user));
    }

    private Task GetAsync(HttpContext context, string username)
    {
        lock (_lock)
        {
            return _users.TryGetValue(username, out var user)
                ? JsonAsync(context, 200, Response(user))
                : DetailAsync(context, 404, "User not found");
        }
    }

    private async Task ModifyAsync(HttpContext context, string username)
    {
        if (await ReadJsonAsync(context.Request) is not JsonObject body)
        {
            await ValidationAsync(context, ("body", "", "value is not a valid dict"));
            return;
        }
        if (Validate(context, body, create: false) is { } problem)
        {
            await problem;
            return;
        }
        JsonObject? response = null;
        lock (_lock)
        {
            if (_users.TryGetValue(username, out var user))
            {
                foreach (var field in new[] { "expire", "data_limit", "status", "note", "data_limit_reset_strategy", "proxies", "inbounds" })
                    if (body.ContainsKey(field)) user[field] = body[field]?.DeepClone();
                response = Response(user);
            }
        }
        if (response is null) await DetailAsync(context, 404, "User not found");
        else await JsonAsync(context, 200, response);
    }

    private Task DeleteAsync(HttpContext context, string username)
    {
        bool removed;
        lock (_lock) removed = _users.Remove(username);
        return removed ? DetailAsync(context, 200, "User successfully deleted") : DetailAsync(context, 404, "User not found");
    }

    private Task UsageAsync(HttpContext context, string username)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(username, out var user)) return DetailAsync(context, 404, "User not found");
            return JsonAsync(context, 200, new JsonObject
            {
                ["username"] = username,
                ["usages"] = new JsonArray(new JsonObject { ["node_id"] = null, ["node_name"] = "Master", ["used_traffic"] = user["used_traffic"]!.DeepClone() }),
            });
        }
    }

    private Task SubscriptionAsync(HttpContext context, string token)
    {
        JsonObject? user;
        lock (_lock) user = _users.Values.FirstOrDefault(u => Str(u["sub_token"]) == token) is { } u ? Response(u) : null;
        if (user is null) return DetailAsync(context, 404, "Not Found");
        var links = (user["links"] as JsonArray)!.Select(Str);
        context.Response.Headers["subscription-userinfo"] =
            $"upload=0; download={user["used_traffic"]}; total={Num(user["data_limit"])}; expire={Num(user["expire"])}";
        context.Response.Headers["profile-update-interval"] = "12";
        return context.Response.WriteAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', links))));
    }

    /// <summary>pydantic's checks on expire/data_limit/status.</summary>
    private static Task? Validate(HttpContext context, JsonObject body, bool create)
    {
        foreach (var field in new[] { "expire", "data_limit" })
        {
            if (body[field] is null) continue;
            if (body[field] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<long>(out var n) || n < 0)
                return ValidationAsync(context, ("body", field, "value is not a valid integer"));
        }
        var status = Str(body["status"]);
        string[] allowed = create ? ["active", "on_hold"] : ["active", "disabled", "on_hold"];
        if (body.ContainsKey("status") && !allowed.Contains(status))
            return ValidationAsync(context, ("body", "status", $"value is not a valid enumeration member; permitted: {string.Join(", ", allowed)}"));
        return null;
    }

    /// <summary>UserResponse: the stored user plus computed status, links and subscription_url.</summary>
    private JsonObject Response(JsonObject user)
    {
        var copy = (JsonObject)user.DeepClone();
        var token = Str(copy["sub_token"]);
        copy.Remove("sub_token");
        var status = Str(copy["status"]);
        var expire = Num(copy["expire"]);
        var limit = Num(copy["data_limit"]);
        if (status == "active" && expire > 0 && expire <= Time.GetUtcNow().ToUnixTimeSeconds()) status = "expired";
        else if (status == "active" && limit > 0 && Num(copy["used_traffic"]) >= limit) status = "limited";
        copy["status"] = status;
        var id = Str(copy["proxies"]?["vless"]?["id"]);
        var flow = Str(copy["proxies"]?["vless"]?["flow"]);
        copy["links"] = new JsonArray(((copy["inbounds"]?["vless"] as JsonArray)?.Select(Str) ?? []).Select(tag => (JsonNode)(
            $"vless://{id}@{Options.Host}:{Options.InboundPort}?security=reality&type=tcp&headerType=&flow={flow}&path=&host=" +
            $"&sni=www.apple.com&fp=chrome&pbk=hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo&sid=6ba85179e30d4fc2&spx=%2F" +
            $"#{Uri.EscapeDataString($"🚀 Marzban ({Str(copy["username"])}) [VLESS - {tag}]")}")!).ToArray());
        copy["subscription_url"] = Options.SubscriptionUrlPrefix + "/sub/" + token;
        copy["excluded_inbounds"] = new JsonObject { ["vless"] = new JsonArray() };
        copy["admin"] = new JsonObject { ["username"] = Options.Username, ["is_sudo"] = true };
        return copy;
    }

    private static Task DetailAsync(HttpContext context, int status, string detail) =>
        JsonAsync(context, status, new JsonObject { ["detail"] = detail });

    private static Task ValidationAsync(HttpContext context, (string Where, string Field, string Message) problem) =>
        JsonAsync(context, 422, new JsonObject
        {
            ["detail"] = new JsonArray(new JsonObject
            {
                ["loc"] = new JsonArray(problem.Where, problem.Field), ["msg"] = problem.Message, ["type"] = "value_error",
            }),
        });

    private static Task JsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
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

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static long Num(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
}
