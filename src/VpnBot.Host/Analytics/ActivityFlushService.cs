using VpnBot.Core.Analytics;

namespace VpnBot.Host.Analytics;

/// <summary>
/// Runs the activity writer for the life of the process. On shutdown the queue is closed and what
/// is left is written, as long as the host's shutdown timeout allows.
/// </summary>
public sealed class ActivityFlushService(ActivityLog activity, ActivityWriter writer) : IHostedService
{
    private readonly CancellationTokenSource _abort = new();
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => writer.RunAsync(_abort.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        activity.Complete();
        await using var abort = cancellationToken.Register(_abort.Cancel);
        await _running;
        _abort.Dispose();
    }
}
