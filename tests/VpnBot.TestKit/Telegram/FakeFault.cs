namespace VpnBot.TestKit.Telegram;

/// <summary>An error the fake answers instead of success, like Telegram would.</summary>
public sealed record FakeFault(int StatusCode, string Description, int? RetryAfter = null)
{
    public static FakeFault TooManyRequests(int retryAfter) => new(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);

    public static FakeFault BlockedByUser() => new(403, "Forbidden: bot was blocked by the user");

    public static FakeFault BadRequest(string what = "message text is empty") => new(400, "Bad Request: " + what);

    public static FakeFault ServerError() => new(500, "Internal Server Error");

    /// <summary>What Telegram answers an upload over its 50 MB limit for bots.</summary>
    public static FakeFault TooLarge() => new(413, "Request Entity Too Large");

    public const long UploadLimit = 50L * 1024 * 1024;
}
