using System.Threading.Channels;

namespace VpnBot.Host.Bots.Admin.Broadcast;

/// <summary>
/// Wakes <see cref="BroadcastSender"/> when an admin confirms a broadcast. The broadcast itself is a
/// database row (the durable part); this only saves the sender from polling for new ones.
/// </summary>
public sealed class BroadcastQueue
{
    private readonly Channel<long> _started = Channel.CreateBounded<long>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.Wait });

    public ValueTask EnqueueAsync(long broadcastId, CancellationToken ct) => _started.Writer.WriteAsync(broadcastId, ct);

    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken ct) => _started.Reader.ReadAllAsync(ct);
}
