using System.Collections.Concurrent;
using System.Diagnostics;

namespace VpnBot.Bench.Start;

/// <summary>Clock per chat: started when getUpdates hands the update out, stopped when the reply for that chat arrives.</summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentDictionary<long, long> _updateToChat = new();
    private readonly ConcurrentDictionary<long, long> _startedAt = new();
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private int _completed;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected;

    public void Expect(int count)
    {
        _latenciesMs.Clear();
        _completed = 0;
        _expected = count;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void MapUpdate(long updateId, long chatId) => _updateToChat[updateId] = chatId;

    public void HandedOut(IReadOnlyList<long> updateIds)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var id in updateIds)
            if (_updateToChat.TryGetValue(id, out var chat)) _startedAt.TryAdd(chat, now);
    }

    public void Replied(string method, long? chatId)
    {
        if (method != "sendMessage" || chatId is not { } chat || !_startedAt.TryRemove(chat, out var started)) return;
        _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (Interlocked.Increment(ref _completed) == _expected) _done.TrySetResult();
    }

    public Task WaitAsync(TimeSpan timeout) => _done.Task.WaitAsync(timeout);

    public int Completed => Volatile.Read(ref _completed);

    public (double P50, double P99, double Max) Percentiles()
    {
        var sorted = _latenciesMs.ToArray();
        Array.Sort(sorted);
        if (sorted.Length == 0) return (double.NaN, double.NaN, double.NaN);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (At(0.50), At(0.99), sorted[^1]);
    }
}
