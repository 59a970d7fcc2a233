using System.Net;

namespace VpnBot.Host.Telegram.Hosting;

/// <summary>
/// Retries a Bot API call that failed with a 5xx or a network error: up to 3 more times, exponential backoff
/// from 300 ms with jitter. 429 is left to Telegram.Bot, which waits exactly retry_after from the body.
/// Hand-written rather than a resilience pipeline: it runs on every message the bots send, and at a /start
/// burst the pipeline's per-call machinery was a measurable share of the host's CPU.
/// </summary>
public sealed class TelegramRetryHandler(TimeSpan? baseDelay = null) : DelegatingHandler
{
    public const int MaxRetries = 3;
    private readonly TimeSpan _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(300);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (response.StatusCode < HttpStatusCode.InternalServerError || attempt == MaxRetries) return response;
                response.Dispose();
            }
            catch (HttpRequestException) when (attempt < MaxRetries)
            {
                // connection refused/reset, DNS: the next attempt may get through
            }
            await Task.Delay(Delay(_baseDelay, attempt, Random.Shared.NextDouble()), cancellationToken);
        }
    }

    /// <summary>300 ms, 600 ms, 1.2 s, each between 75% and 125% so that many clients do not retry in step.</summary>
    public static TimeSpan Delay(TimeSpan baseDelay, int attempt, double random) => baseDelay * Math.Pow(2, attempt) * (0.75 + random * 0.5);
}
