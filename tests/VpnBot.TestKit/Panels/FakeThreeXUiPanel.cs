using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace VpnBot.TestKit.Panels;

/// <summary>
/// A 3X-UI panel on loopback that answers like the real one (reference §1): every route under
/// webBasePath, the {success,msg,obj} envelope with HTTP 200 for business errors, the "3x-ui"
/// session cookie, CSRF tokens and Bearer API tokens on v3, the per-version answer to
/// unauthenticated calls, and client routes that exist only in the generations that have them.
/// </summary>
public sealed partial class FakeThreeXUiPanel : FakeHttpServer
{
    public const string CookieName = "3x-ui";

    private readonly ConcurrentDictionary<string, FakeSession> _sessions = new(StringComparer.Ordinal);
    private readonly FakeThreeXUiStore _store;
    private readonly List<FakeRoute> _routes;

    private FakeThreeXUiPanel(FakeThreeXUiOptions options)
    {
        Options = options;
        _store = new FakeThreeXUiStore(options);
        _routes = Routes();
    }

    public FakeThreeXUiOptions Options { get; }

    public FakeThreeXUiGeneration Generation => Options.Generation;

    /// <summary>The panel address with its base path, as an admin would enter it.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}{Options.NormalizedBasePath}");

    /// <summary>Public prefix of the subscription server (here on the same port).</summary>
    public Uri SubscriptionBaseUrl => new($"http://127.0.0.1:{Port}/sub/");

    public IReadOnlyList<JsonObject> Clients => _store.Clients;

    public JsonObject? Client(string email) => _store.Client(email);

    public int Logins { get; private set; }

    /// <summary>Every session id and CSRF token handed out, so tests can check none of them was logged.</summary>
    public IReadOnlyCollection<string> IssuedSecrets => _issuedSecrets.Keys.ToList();

    private readonly ConcurrentDictionary<string, byte> _issuedSecrets = new(StringComparer.Ordinal);

    public static async Task<FakeThreeXUiPanel> StartAsync(FakeThreeXUiOptions? options = null)
    {
        var panel = new FakeThreeXUiPanel(options ?? new FakeThreeXUiOptions());
        await panel.ListenAsync();
        return panel;
    }

    /// <summary>Every session cookie stops working (panel restart, sessionMaxAge passed, secret rotated).</summary>
    public void ExpireAllSessions() => _sessions.Clear();

    public void SetTraffic(string email, long up, long down, DateTimeOffset? lastOnline) => _store.SetTraffic(email, up, down, lastOnline);

    /// <summary>The client's traffic row (ClientTraffic: up, down, allTime, ...), or null.</summary>
    public System.Text.Json.Nodes.JsonObject? Traffic(string email) => _store.Traffic(email);

    public void SetOnline(params string[] emails) => _store.SetOnline(emails);

    /// <summary>How many times a client's traffic counters were reset.</summary>
    public int TrafficResets => _store.TrafficResets;

    /// <summary>An admin deletes the client by hand.</summary>
    public void RemoveClient(string email) => _store.Delete(c => FakeThreeXUiStore.Str(c["email"]) == email);

    /// <summary>Adds a client directly (as an admin would in the UI); returns the panel's error, if any.</summary>
    public string? AddClientDirectly(JsonObject client) => _store.Add(client);

    protected override string RouteOf(HttpRequest request) => Match(request)?.Route.Template ?? request.Path.Value ?? "/";

    protected override async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var match = Match(request);
        if (match is null)
        {
            Count(request.Method + " " + (request.Path.Value ?? "/"));
            await NotFoundAsync(context);
            return;
        }
        var (route, groups) = match.Value;
        Count(route.Method + " " + route.Template);
        if (route.Api && !await AuthorizeApiAsync(context)) return;
        await route.Handler(context, groups);
    }

    private (FakeRoute Route, GroupCollection Groups)? Match(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        foreach (var route in _routes)
        {
            if (!HttpMethods.Equals(route.Method, request.Method) || !route.Exists(Generation)) continue;
            var relative = route.UnderBasePath
                ? path.StartsWith(Options.NormalizedBasePath, StringComparison.Ordinal) ? path[Options.NormalizedBasePath.Length..] : null
                : path.TrimStart('/');
            if (relative is null) continue;
            var m = route.Pattern.Match(relative);
            if (m.Success) return (route, m.Groups);
        }
        return null;
    }

    private bool IsV3 => Generation >= FakeThreeXUiGeneration.V3_0;

    /// <summary>checkAPIAuth + CSRFMiddleware: Bearer token, else a logged-in session (with CSRF on unsafe v3 calls).</summary>
    private async Task<bool> AuthorizeApiAsync(HttpContext context)
    {
        var request = context.Request;
        var auth = request.Headers.Authorization.ToString();
        if (IsV3 && Options.ApiToken is { } token && auth.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(auth[7..]), System.Text.Encoding.UTF8.GetBytes(token)))
            return true;
        var session = SessionOf(request);
        if (session is { LoggedIn: true })
        {
            if (!IsV3 || HttpMethods.IsGet(request.Method) || CsrfMatches(request, session)) return true;
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }
        var xhr = request.Headers["X-Requested-With"] == "XMLHttpRequest";
        switch (Generation)
        {
            case FakeThreeXUiGeneration.V2_8_3 when !xhr:
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = Options.NormalizedBasePath;
                break;
            case FakeThreeXUiGeneration.V2_8_3:
            case FakeThreeXUiGeneration.V3_0 or FakeThreeXUiGeneration.V3_1 when xhr:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                break;
            default:
                await NotFoundAsync(context); // v2.8.4+: the API hides itself
                break;
        }
        return false;
    }

    private static bool CsrfMatches(HttpRequest request, FakeSession session)
    {
        var sent = request.Headers["X-CSRF-Token"].ToString();
        return session.Csrf is { } expected && sent.Length == expected.Length
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(sent), System.Text.Encoding.UTF8.GetBytes(expected));
    }

    private FakeSession? SessionOf(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var id) && _sessions.TryGetValue(id, out var s) ? s : null;

    private FakeSession NewSession()
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var session = new FakeSession(id);
        _sessions[id] = session;
        _issuedSecrets[id] = 0;
        return session;
    }

    private static void WriteCookie(HttpResponse response, FakeSession session) =>
        response.Headers.Append("Set-Cookie", $"{CookieName}={session.Id}; Path=/; Max-Age=21600; HttpOnly; SameSite=Lax");

    private static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync("404 page not found");
    }

    internal static Task EnvelopeAsync(HttpContext context, bool success, string msg, JsonNode? obj)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(new JsonObject { ["success"] = success, ["msg"] = msg, ["obj"] = obj }.ToJsonString());
    }

    private sealed class FakeSession(string id)
    {
        public string Id { get; } = id;
        public string? Csrf { get; set; }
        public bool LoggedIn { get; set; }
    }

    private sealed record FakeRoute(string Method, string Template, Regex Pattern, Func<FakeThreeXUiGeneration, bool> Exists,
        bool Api, bool UnderBasePath, Func<HttpContext, GroupCollection, Task> Handler);
}
