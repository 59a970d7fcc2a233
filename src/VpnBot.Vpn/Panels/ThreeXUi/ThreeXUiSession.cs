namespace VpnBot.Vpn.Panels.ThreeXUi;

/// <summary>Which API a 3X-UI panel speaks (reference §1.1).</summary>
internal enum ThreeXUiGeneration
{
    /// <summary>v2.x: cookie login, classic /panel/api/inbounds client routes.</summary>
    V2,
    /// <summary>v3.0: CSRF-protected login or Bearer token, classic client routes still present.</summary>
    V3Classic,
    /// <summary>v3.1+: CSRF or Bearer, client routes under /panel/api/clients.</summary>
    V3Clients,
}

/// <summary>
/// Per-panel state shared by all calls: the session cookies, the CSRF token and the detected
/// generation. Login and detection run under <see cref="Gate"/> so a burst of calls logs in once;
/// <see cref="Epoch"/> lets a caller that saw an expired session tell whether someone else
/// already logged in again.
/// </summary>
internal sealed class ThreeXUiSession
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private readonly Lock _cookieLock = new();

    public SemaphoreSlim Gate { get; } = new(1, 1);
    public ThreeXUiGeneration? Generation { get; set; }
    public bool NeedsDetection { get; set; }
    public bool LoggedIn { get; set; }
    public string? CsrfToken { get; set; }
    public int Epoch { get; set; }

    public string? CookieHeader()
    {
        lock (_cookieLock)
            return _cookies.Count == 0 ? null : string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value));
    }

    /// <summary>Takes cookies from Set-Cookie headers; an empty value or a non-positive Max-Age deletes.</summary>
    public void Absorb(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var headers)) return;
        lock (_cookieLock)
        {
            foreach (var header in headers)
            {
                var parts = header.Split(';');
                var eq = parts[0].IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) continue;
                var name = parts[0][..eq].Trim();
                var value = parts[0][(eq + 1)..].Trim();
                var expired = parts.Skip(1).Any(a => a.Trim().StartsWith("Max-Age=", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(a.Trim()[8..], out var age) && age <= 0);
                if (value.Length == 0 || expired) _cookies.Remove(name);
                else _cookies[name] = value;
            }
        }
    }

    public void Forget()
    {
        lock (_cookieLock) _cookies.Clear();
        LoggedIn = false;
        CsrfToken = null;
    }
}
