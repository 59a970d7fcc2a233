using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace VpnBot.Core.Analytics;

/// <summary>
/// Records what users do (user_activities) without making them wait: <see cref="Record"/> only
/// queues the row; <see cref="ActivityWriter"/> inserts queued rows in batches, one statement per
/// batch. Analytics may lose the last rows of a crash; a user's request never waits on them.
/// </summary>
public sealed class ActivityLog(TimeProvider time, ILogger<ActivityLog> log)
{
    public const int Capacity = 50_000;
    private const int MaxActionLength = 64;
    private const int MaxDetailsLength = 1024;

    private readonly Channel<ActivityEntry> _queue = Channel.CreateBounded<ActivityEntry>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long _dropped;
    private volatile bool _completed;
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChannelReader<ActivityEntry> Pending => _queue.Reader;

    /// <summary>Completes when <see cref="Complete"/> is called: the writer stops waiting for more rows.</summary>
    public Task Closing => _closing.Task;

    public void Record(long userId, string action, string? details = null)
    {
        var entry = new ActivityEntry(userId, Clip(action, MaxActionLength)!, Clip(details, MaxDetailsLength), time.GetUtcNow());
        if (_queue.Writer.TryWrite(entry) || _completed) return; // after Complete: shutting down, nothing to report
        // Full: the database is far behind. Say so now and then, never block the caller.
        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
            log.LogWarning("Activity queue is full ({Capacity}); {Dropped} rows dropped so far", Capacity, Interlocked.Read(ref _dropped));
    }

    /// <summary>No more rows will be recorded (shutdown): the writer drains the rest and stops.</summary>
    public void Complete()
    {
        _completed = true;
        _queue.Writer.TryComplete();
        _closing.TrySetResult();
    }

    private static string? Clip(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;
}

public readonly record struct ActivityEntry(long UserId, string Action, string? Details, DateTimeOffset At);
