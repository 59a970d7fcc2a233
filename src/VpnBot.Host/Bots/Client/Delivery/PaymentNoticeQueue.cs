using System.Threading.Channels;

namespace VpnBot.Host.Bots.Client.Delivery;

/// <summary>
/// "Payment received" notices leave the payment webhook's request: the provider gets its 200 as soon as the
/// payment is committed, and the message goes out in the background at Telegram's pace. (The key itself is
/// sent by the backend task worker, which retries until it is delivered.)
/// </summary>
public sealed class PaymentNoticeQueue
{
    private readonly Channel<(long PaymentId, bool ConfigPending)> _queue =
        Channel.CreateBounded<(long, bool)>(new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.Wait });

    public ValueTask EnqueueAsync(long paymentId, bool configPending, CancellationToken ct) => _queue.Writer.WriteAsync((paymentId, configPending), ct);

    public IAsyncEnumerable<(long PaymentId, bool ConfigPending)> ReadAllAsync(CancellationToken ct) => _queue.Reader.ReadAllAsync(ct);
}

/// <summary>Sends the queued payment notices, each in its own scope; a failure is logged, the next goes on.</summary>
public sealed class PaymentNoticeSender(PaymentNoticeQueue queue, IServiceScopeFactory scopes, ILogger<PaymentNoticeSender> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (paymentId, pending) in queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ClientNotifier>().SendPaymentCompletedAsync(paymentId, pending, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Could not tell the customer about payment {PaymentId}", paymentId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
