using System.Threading.Channels;
using Telegram.Bot.Types;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Telegram.Dispatch;

/// <summary>
/// Runs updates concurrently across chats and strictly in order within a chat: every chat
/// hashes to one of N lanes, each lane a single reader. N bounds the concurrency (and the
/// database connections in use); a full lane pushes back on the receiver instead of growing.
/// </summary>
public sealed class UpdateDispatcher : IAsyncDisposable
{
    private readonly Channel<Update>[] _lanes;
    private readonly Task[] _workers;
    private readonly Func<Update, CancellationToken, Task> _handle;
    private readonly Action<Update, Exception> _failed;
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="handle">Handles one update; the processor catches and logs what its handlers throw.</param>
    /// <param name="failed">
    /// Told about anything <paramref name="handle"/> still throws (an update too malformed to even set up). Without
    /// this a throw would end its lane's reader: the lane fills, the receiver waits on it forever, and one hostile
    /// update silently stops the whole bot.
    /// </param>
    public UpdateDispatcher(int lanes, Func<Update, CancellationToken, Task> handle, Action<Update, Exception> failed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lanes);
        _handle = handle;
        _failed = failed;
        _lanes = new Channel<Update>[lanes];
        _workers = new Task[lanes];
        for (var i = 0; i < lanes; i++)
        {
            // Short lanes: a burst waits in Telegram's queue, not in our memory.
            _lanes[i] = Channel.CreateBounded<Update>(new BoundedChannelOptions(16)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var lane = _lanes[i];
            _workers[i] = Task.Run(() => RunLaneAsync(lane));
        }
    }

    public ValueTask EnqueueAsync(Update update, CancellationToken ct)
    {
        var key = UpdateFacts.OrderingKey(update);
        var lane = _lanes[(int)((ulong)key % (ulong)_lanes.Length)];
        return lane.Writer.TryWrite(update) ? ValueTask.CompletedTask : lane.Writer.WriteAsync(update, ct);
    }

    private async Task RunLaneAsync(Channel<Update> lane)
    {
        await foreach (var update in lane.Reader.ReadAllAsync())
        {
            try
            {
                await _handle(update, _stopping.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                _failed(update, e);
            }
        }
    }

    /// <summary>Stops taking updates and lets the lanes finish what they hold.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes) lane.Writer.TryComplete();
        var drained = Task.WhenAll(_workers);
        if (await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(10))) != drained)
            await _stopping.CancelAsync();
        try { await drained; } catch (OperationCanceledException) { }
        _stopping.Dispose();
    }
}
