using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;

namespace VpnBot.Host.Jobs;

/// <summary>
/// Pushes queued changes (provision, enable/disable, sync, revoke) to the VPN servers. Woken at once when
/// a payment commits; polls every few seconds as the safety net. Runs here rather than in Hangfire because
/// a paid customer should get their config in seconds, not at the next minute tick.
/// </summary>
public sealed class BackendTaskWorker(BackendTaskProcessor processor, BackendTaskSignal signal, TimeProvider time, ILogger<BackendTaskWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await processor.RunDueAsync(20, stoppingToken) == 0)
                    await signal.WaitAsync(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database may be briefly away; the tasks are durable, so wait and go on.
                log.LogError(e, "The backend task worker failed a round; retrying in 5 s");
                try { await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken); } catch (OperationCanceledException) { break; }
            }
        }
    }
}
