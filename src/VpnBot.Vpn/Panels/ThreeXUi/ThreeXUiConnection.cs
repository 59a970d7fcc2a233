using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Panels.ThreeXUi;

/// <summary>
/// The authenticated conversation with one 3X-UI panel: version detection, cookie login (with
/// CSRF on v3) or Bearer token, re-login when the panel says the session is gone, and the
/// {success,msg,obj} envelope. Panels answer an expired session with 401, a redirect, or, since
/// v2.8.4, a bare 404 — so a 404 is only trusted as "route missing" after a fresh login.
/// </summary>
internal sealed class ThreeXUiConnection(HttpClient http, ThreeXUiTarget target, ThreeXUiSession session, ILogger logger)
{
    // Never a real client: only used to ask whether the v3.1 client routes exist.
    private const string ProbeEmail = "vpnbot-version-probe";

    private bool UsesBearer => target.ApiToken is not null;

    /// <summary>True when the generation was found by probing (it may change when the panel is upgraded).</summary>
    public bool GenerationIsDetected => target.Mode != ThreeXUiApiMode.V2;

    /// <summary>
    /// Logs in (and probes the API generation) unless the session is already open, and returns the generation.
    /// The generation is handed out only here, never as a property: it is known only once the session is open,
    /// so no route can be chosen before that (a fresh process whose first call was a sync once failed so).
    /// </summary>
    public async Task<ThreeXUiGeneration> OpenAsync(CancellationToken ct)
    {
        if (session.Generation is { } open && !session.NeedsDetection && (UsesBearer || session.LoggedIn)) return open;
        await session.Gate.WaitAsync(ct);
        try
        {
            if (session.Generation is not { } known || session.NeedsDetection) return await DetectAsync(ct);
            if (!UsesBearer && !session.LoggedIn) await LoginAsync(known != ThreeXUiGeneration.V2, ct);
            return known;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>Makes the next call probe the generation again (the panel was upgraded); calls in flight keep the old one.</summary>
    public void Redetect() => session.NeedsDetection = true;

    public async Task<ThreeXUiEnvelope> CallAsync(HttpMethod method, string path, Func<HttpContent>? body, CancellationToken ct)
    {
        var generation = await OpenAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            var epoch = session.Epoch;
            using var response = await SendOnceAsync(method, path, body?.Invoke(), ct);
            var status = (int)response.StatusCode;
            var sessionGone = status is 401 or 404 || (status is >= 300 and < 400);
            // 403 on v3 means the CSRF token no longer matches the session: a new login brings a new pair.
            var csrfRejected = status == 403 && generation != ThreeXUiGeneration.V2;
            if (!UsesBearer && attempt == 0 && (sessionGone || csrfRejected))
            {
                logger.LogInformation("{Panel}: session not accepted (HTTP {Status} on {Route}); logging in again", target.Describe, status, path);
                await ReloginAsync(epoch, ct);
                continue;
            }
            if (status == 404) throw new ThreeXUiRouteMissingException(path);
            if (status is 401 or 403 || (status is >= 300 and < 400))
                throw new VpnBackendException(VpnBackendError.Unauthorized, $"{target.Describe} does not accept our credentials (HTTP {status} on {path}).");
            if (status != 200) throw PanelTransport.UnexpectedStatus(target.Describe, response.StatusCode, path);
            return await ReadEnvelopeAsync(response, path, ct);
        }
    }

    private async Task ReloginAsync(int epochSeen, CancellationToken ct)
    {
        await session.Gate.WaitAsync(ct);
        try
        {
            if (session.LoggedIn && session.Epoch != epochSeen) return; // another call already logged in again
            await LoginAsync(session.Generation != ThreeXUiGeneration.V2, ct);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private async Task<ThreeXUiGeneration> DetectAsync(CancellationToken ct)
    {
        var v3 = target.Mode switch
        {
            ThreeXUiApiMode.V2 => false,
            _ when UsesBearer => true,
            _ => await FetchCsrfTokenAsync(ct),
        };
        if (!v3 && target.Mode == ThreeXUiApiMode.V3)
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"{target.Describe} has no CSRF endpoint, so it is not v3; set \"apiVersion\" to v2 or auto.");
        if (!UsesBearer) await LoginAsync(v3, ct);
        var generation = ThreeXUiGeneration.V2;
        if (v3)
        {
            // v3.1 moved client CRUD to /panel/api/clients; with a fresh session a 404 means "not there".
            using var probe = await SendOnceAsync(HttpMethod.Get, "panel/api/clients/get/" + ProbeEmail, null, ct);
            generation = probe.StatusCode switch
            {
                HttpStatusCode.NotFound => ThreeXUiGeneration.V3Classic,
                HttpStatusCode.OK => ThreeXUiGeneration.V3Clients,
                _ when (int)probe.StatusCode >= 500 => throw PanelTransport.UnexpectedStatus(target.Describe, probe.StatusCode, "version probe"),
                _ => throw new VpnBackendException(VpnBackendError.Unauthorized, $"{target.Describe} rejected a fresh session (HTTP {(int)probe.StatusCode})."),
            };
        }
        session.Generation = generation;
        session.NeedsDetection = false;
        logger.LogInformation("{Panel}: speaking the {Generation} API", target.Describe, generation);
        return generation;
    }

    private async Task<bool> FetchCsrfTokenAsync(CancellationToken ct)
    {
        using var response = await SendOnceAsync(HttpMethod.Get, "csrf-token", null, ct);
        if ((int)response.StatusCode >= 500) throw PanelTransport.UnexpectedStatus(target.Describe, response.StatusCode, "csrf-token");
        if (response.StatusCode != HttpStatusCode.OK) return false;
        try
        {
            var envelope = await ReadEnvelopeAsync(response, "csrf-token", ct);
            if (!envelope.Success || envelope.Obj is not JsonValue value || !value.TryGetValue<string>(out var token) || token.Length == 0) return false;
            session.CsrfToken = token;
            return true;
        }
        catch (VpnBackendException)
        {
            return false; // not JSON: an older panel serving a page for an unknown path
        }
    }

    private async Task LoginAsync(bool v3, CancellationToken ct)
    {
        session.Forget();
        if (v3 && !await FetchCsrfTokenAsync(ct))
            throw new VpnBackendException(VpnBackendError.Unauthorized, $"{target.Describe} gave no CSRF token for the login.");
        using var response = await SendOnceAsync(HttpMethod.Post, "login", new FormUrlEncodedContent(
        [
            new("username", target.Username ?? ""),
            new("password", target.Password ?? ""),
        ]), ct);
        switch ((int)response.StatusCode)
        {
            case 200:
                break;
            case 403:
                throw new VpnBackendException(VpnBackendError.Unauthorized, $"{target.Describe} refused the login's CSRF token.");
            case 404:
                throw new VpnBackendException(VpnBackendError.Misconfigured, $"{target.Describe} has no login page under \"url\"; check its web base path.");
            default:
                throw PanelTransport.UnexpectedStatus(target.Describe, response.StatusCode, "login");
        }
        var envelope = await ReadEnvelopeAsync(response, "login", ct);
        if (!envelope.Success)
            throw new VpnBackendException(VpnBackendError.Unauthorized, $"{target.Describe} rejected the username or password.");
        session.LoggedIn = true;
        session.Epoch++;
        logger.LogInformation("{Panel}: logged in", target.Describe);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(target.BaseUri, path)) { Content = content };
        // Makes pre-2.8.4 panels answer an expired session with 401 instead of a redirect to the login page.
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (UsesBearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiToken);
        }
        else
        {
            if (session.CookieHeader() is { } cookies) request.Headers.Add("Cookie", cookies);
            if (session.CsrfToken is { } csrf && method != HttpMethod.Get) request.Headers.Add("X-CSRF-Token", csrf);
        }
        var response = await PanelTransport.SendAsync(http, request, target.Describe, ct);
        session.Absorb(response);
        return response;
    }

    private async Task<ThreeXUiEnvelope> ReadEnvelopeAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            if (await JsonNode.ParseAsync(stream, cancellationToken: ct) is JsonObject root && root["success"] is JsonValue success
                && success.TryGetValue<bool>(out var ok))
            {
                return new ThreeXUiEnvelope(ok, root["msg"]?.GetValue<string>(), root["obj"]);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // falls through to the error below
        }
        throw new VpnBackendException(VpnBackendError.Misconfigured, $"{target.Describe} answered {path} with something that is not the 3X-UI API; check \"url\".");
    }
}

internal sealed record ThreeXUiEnvelope(bool Success, string? Msg, JsonNode? Obj)
{
    public JsonNode? Require(string panel, string what) => Success
        ? Obj
        : throw new VpnBackendException(VpnBackendError.Rejected, $"{panel} refused to {what}: {PanelTransport.Clip(Msg)}");
}

/// <summary>The panel has no such route even with a fresh session: another API generation.</summary>
internal sealed class ThreeXUiRouteMissingException(string route) : Exception($"3X-UI has no route {route}.")
{
    public string Route { get; } = route;
}
