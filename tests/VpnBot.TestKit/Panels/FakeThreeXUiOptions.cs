namespace VpnBot.TestKit.Panels;

/// <summary>The 3X-UI API generations that differ on the wire (reference §1.1).</summary>
public enum FakeThreeXUiGeneration
{
    /// <summary>≤ v2.8.3: cookie login; unauthenticated API calls get 401 with X-Requested-With, else a 307 to the base path.</summary>
    V2_8_3,
    /// <summary>v2.8.4 – v2.9.4: cookie login; unauthenticated API calls get a bare 404.</summary>
    V2_8_4,
    /// <summary>v3.0.x: CSRF token for cookie sessions or a Bearer API token; classic client routes.</summary>
    V3_0,
    /// <summary>v3.1+: as v3.0, but client CRUD moved from /panel/api/inbounds to /panel/api/clients.</summary>
    V3_1,
}

public sealed class FakeThreeXUiOptions
{
    public FakeThreeXUiGeneration Generation { get; set; } = FakeThreeXUiGeneration.V2_8_4;

    /// <summary>webBasePath; normalised to start and end with '/'.</summary>
    public string BasePath { get; set; } = "/";

    public string Username { get; set; } = "admin";
    public string Password { get; set; } = "fake-panel-password";

    /// <summary>Settings → Security → API Token (v3 only).</summary>
    public string? ApiToken { get; set; }

    public int InboundId { get; set; } = 3;
    public int InboundPort { get; set; } = 443;
    public string InboundRemark { get; set; } = "DE-reality";

    /// <summary>RFC 7748 test public key, base64url.</summary>
    public string RealityPublicKey { get; set; } = "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo";
    public string RealityPrivateKey { get; set; } = "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo";
    public IReadOnlyList<string> ShortIds { get; set; } = ["6ba85179e30d4fc2", "a1", "", "0123"];
    public IReadOnlyList<string> ServerNames { get; set; } = ["www.apple.com", "apple.com"];
    public string Fingerprint { get; set; } = "chrome";
    public string SpiderX { get; set; } = "/";

    /// <summary>Newer v3 panels emit settings/streamSettings/sniffing as JSON objects instead of JSON text.</summary>
    public bool NestedJsonFields { get; set; }

    internal string NormalizedBasePath => "/" + BasePath.Trim('/') + (BasePath.Trim('/').Length > 0 ? "/" : "");
}
