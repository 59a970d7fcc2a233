using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using VpnBot.Host.Configuration;

namespace VpnBot.Host.Telegram.Throttling;

/// <summary>
/// Keeps messages the bot sends on its own (not as an answer in the customer's open chat) under Telegram's
/// ~30 messages/s to different chats (Telegram:NotificationsPerSecond); a 429 beyond it is still retried.
/// </summary>
public sealed class NotificationPace(IOptions<TelegramOptions> options) : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, options.Value.NotificationsPerSecond),
        TokensPerPeriod = Math.Max(1, options.Value.NotificationsPerSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 100_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    public ValueTask<RateLimitLease> WaitAsync(int messages, CancellationToken ct) => _bucket.AcquireAsync(messages, ct);

    public void Dispose() => _bucket.Dispose();
}
