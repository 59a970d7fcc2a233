using System.Threading.Channels;

namespace VpnBot.Core.Subscriptions;

/// <summary>
/// Wakes the background worker as soon as a transaction that queued a backend task commits, so a paid
/// customer does not wait for the next polling tick. Polling stays the safety net: a lost pulse only delays.
/// </summary>
public sealed class BackendTaskSignal
{
    private readonly Channel<bool> _pulses = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Pulse() => _pulses.Writer.TryWrite(true);

    /// <summary>Returns true when pulsed, false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        if (_pulses.Reader.TryRead(out _)) return true;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pulse = _pulses.Reader.WaitToReadAsync(cts.Token).AsTask();
        var delay = Task.Delay(timeout, time, cts.Token);
        var first = await Task.WhenAny(pulse, delay);
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
        return first == pulse && _pulses.Reader.TryRead(out _);
    }
}
