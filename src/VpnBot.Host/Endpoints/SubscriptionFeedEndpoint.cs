using VpnBot.Core.Vpn.SubscriptionFeed;

namespace VpnBot.Host.Endpoints;

/// <summary>
/// GET /sub/{token}: the one subscription URL a customer pastes into v2rayNG, Hiddify, Streisand,
/// Happ or NekoBox. Unknown, revoked or expired tokens get an empty 200: nothing to probe.
/// </summary>
public static class SubscriptionFeedEndpoint
{
    public static IEndpointRouteBuilder MapSubscriptionFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sub/{token}", async (string token, SubscriptionFeedService feed, HttpResponse response, CancellationToken ct) =>
        {
            var result = await feed.GetAsync(token, ct);
            foreach (var (name, value) in result.Headers) response.Headers[name] = value;
            response.Headers.CacheControl = "no-store";
            return Results.Text(result.Body, "text/plain; charset=utf-8");
        });
        return app;
    }
}
