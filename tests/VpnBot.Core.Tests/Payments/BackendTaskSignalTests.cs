using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;

namespace VpnBot.Core.Tests.Payments;

public class BackendTaskSignalTests
{
    [Fact]
    public async Task A_pulse_before_waiting_is_not_lost()
    {
        var signal = new BackendTaskSignal();
        signal.Pulse();
        signal.Pulse(); // coalesced
        Assert.True(await signal.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System, default));
        Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(20), TimeProvider.System, default));
    }

    [Fact]
    public async Task A_pulse_while_waiting_wakes_the_worker_before_the_timeout()
    {
        var signal = new BackendTaskSignal();
        var waiting = signal.WaitAsync(TimeSpan.FromMinutes(5), TimeProvider.System, default);
        await Task.Delay(20);
        signal.Pulse();
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Shutdown_cancels_the_wait()
    {
        var signal = new BackendTaskSignal();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signal.WaitAsync(TimeSpan.FromMinutes(5), TimeProvider.System, cts.Token));
    }
}
