namespace VpnBot.Core.Vpn.SubscriptionFeed;

/// <summary>Configuration section "Vpn:SubscriptionFeed".</summary>
public sealed class SubscriptionFeedOptions
{
    public const string Section = "Vpn:SubscriptionFeed";

    /// <summary>Name VPN apps show for the feed (profile-title).</summary>
    public string Title { get; set; } = "VPN";

    /// <summary>How often apps should refresh the feed (profile-update-interval).</summary>
    public int UpdateIntervalHours { get; set; } = 12;

    /// <summary>Public origin of the host that serves GET /sub/{token}, e.g. "https://bot.example.com"; enables <see cref="SubscriptionFeedService.UrlFor"/>.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>What GET /sub/{token} answers: always HTTP 200; an unknown token gets an empty body and no headers.</summary>
public sealed record SubscriptionFeedResponse(string Body, IReadOnlyDictionary<string, string> Headers)
{
    public static SubscriptionFeedResponse Empty { get; } = new("", new Dictionary<string, string>());

    public string ContentType => "text/plain; charset=utf-8";
}
