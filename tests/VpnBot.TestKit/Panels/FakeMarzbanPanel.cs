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

    /// <summary>What Marzban does by itself when a user runs out of traffic or time ("limited", "expired").</summary>
    public void SetStatus(string username, string status)
    {
        lock (_lock) _users[username]["status"] = status;
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
            ("POST", "/api/user/{username}/reset") => ResetAsync(context, username),
            _ => DetailAsync(context, 404, "Not Found"),
        };
        await task;
    }

    private static string Template(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        if (path.StartsWith("/sub/", StringComparison.Ordinal)) return "/sub/{token}";
        if (UserUsagePath().IsMatch(path)) return "/api/user/{username}/usage";
        if (UserResetPath().IsMatch(path)) return "/api/user/{username}/reset";
        if (UserPath().IsMatch(path)) return "/api/user/{username}";
        return path;
    }

    [GeneratedRegex("^/api/user/[^/]+/usage$")]
    private static partial Regex UserUsagePath();

    [GeneratedRegex("^/api/user/[^/]+/reset$")]
    private static partial Regex UserResetPath();

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
