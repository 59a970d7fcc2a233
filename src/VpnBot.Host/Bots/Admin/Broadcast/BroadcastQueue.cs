using System.Threading.Channels;

namespace VpnBot.Host.Bots.Admin.Broadcast;

/// <summary>One confirmed broadcast: what to send, and where to report when it is done.</summary>
public sealed record BroadcastJob(long BroadcastId, long ActorTelegramId, long ReportChatId, string ReportCulture, string Text);

/// <summary>
/// Broadcasts leave the admin's update at once (a broadcast to many thousands takes minutes at Telegram's
/// pace) and are sent one after another by <see cref="BroadcastSender"/>.
/// </summary>
public sealed class BroadcastQueue
{
    private readonly Channel<BroadcastJob> _jobs = Channel.CreateBounded<BroadcastJob>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.Wait });

    public ValueTask EnqueueAsync(BroadcastJob job, CancellationToken ct) => _jobs.Writer.WriteAsync(job, ct);

    public IAsyncEnumerable<BroadcastJob> ReadAllAsync(CancellationToken ct) => _jobs.Reader.ReadAllAsync(ct);
}
