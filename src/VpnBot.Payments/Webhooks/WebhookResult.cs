namespace VpnBot.Payments.Webhooks;

/// <summary>What the HTTP endpoint answers: the status code and a short reason for the response body and the log.</summary>
public readonly record struct WebhookResult(int StatusCode, string Reason)
{
    public static WebhookResult Ok(string reason) => new(200, reason);

    public static WebhookResult BadRequest(string reason) => new(400, reason);

    public static WebhookResult Unauthorized(string reason) => new(401, reason);

    public static WebhookResult Forbidden(string reason) => new(403, reason);

    public static WebhookResult NotFound(string reason) => new(404, reason);

    /// <summary>We could not verify or record it now; the provider redelivers later.</summary>
    public static WebhookResult Unavailable(string reason) => new(503, reason);

    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
