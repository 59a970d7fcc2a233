using System.Collections.Concurrent;
using Telegram.Bot.Types;
using VpnBot.Host.Telegram.Dispatch;

namespace VpnBot.Core.Tests.Host;

public class UpdateDispatcherTests
{
    private static Update FromChat(int id, long chatId) => new()
    {
        Id = id,
        Message = new Message { Id = id, Chat = new Chat { Id = chatId, Type = Telegram.Bot.Types.Enums.ChatType.Private }, Text = "x" },
    };

    [Fact]
    public async Task Updates_of_one_chat_run_one_at_a_time_in_arrival_order()
    {
        var seen = new ConcurrentQueue<int>();
        var running = 0;
        var overlap = false;
        await using (var dispatcher = new UpdateDispatcher(8, async (u, _) =>
        {
            if (Interlocked.Increment(ref running) > 1) overlap = true;
            await Task.Delay(Random.Shared.Next(0, 3));
            seen.Enqueue(u.Id);
            Interlocked.Decrement(ref running);
        }, (_, e) => throw e))
        {
            for (var i = 1; i <= 200; i++) await dispatcher.EnqueueAsync(FromChat(i, 42), CancellationToken.None);
        }
        Assert.False(overlap);
        Assert.Equal(Enumerable.Range(1, 200), seen);
    }

    [Fact]
    public async Task Different_chats_run_concurrently_up_to_the_lane_count()
    {
        var running = 0;
        var peak = 0;
        var release = new TaskCompletionSource();
        var dispatcher = new UpdateDispatcher(4, async (_, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await release.Task;
            Interlocked.Decrement(ref running);
        }, (_, e) => throw e);
        // Chats 0..63 spread over the 4 lanes.
        for (var chat = 0; chat < 64; chat++) await dispatcher.EnqueueAsync(FromChat(chat + 1, chat), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Volatile.Read(ref peak) < 4 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(4, Volatile.Read(ref peak));
        release.SetResult();
        await dispatcher.DisposeAsync();
        Assert.Equal(4, peak);
    }

    [Fact]
    public async Task A_slow_chat_does_not_hold_up_a_chat_in_another_lane()
    {
        var slowStarted = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var fastDone = new TaskCompletionSource();
        await using var dispatcher = new UpdateDispatcher(2, async (u, _) =>
        {
            if (u.Message!.Chat.Id == 0) { slowStarted.SetResult(); await release.Task; }
            else fastDone.TrySetResult();
        }, (_, e) => throw e);
        await dispatcher.EnqueueAsync(FromChat(1, 0), CancellationToken.None);
        await slowStarted.Task;
        await dispatcher.EnqueueAsync(FromChat(2, 1), CancellationToken.None);
        Assert.Same(fastDone.Task, await Task.WhenAny(fastDone.Task, Task.Delay(5000)));
        release.SetResult();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    [Fact]
    public async Task An_update_whose_handling_throws_is_reported_and_its_lane_goes_on()
    {
        var handled = new ConcurrentQueue<int>();
        var failed = new ConcurrentQueue<int>();
        await using (var dispatcher = new UpdateDispatcher(1, (u, _) =>
        {
            if (u.Id % 10 == 0) throw new NullReferenceException("a field Telegram always sends was missing");
            handled.Enqueue(u.Id);
            return Task.CompletedTask;
        }, (u, _) => failed.Enqueue(u.Id)))
        {
            // Far more than a lane holds: had a throw ended the lane's reader, the writes would wait forever.
            var writes = Task.Run(async () =>
            {
                for (var i = 1; i <= 100; i++) await dispatcher.EnqueueAsync(FromChat(i, 42), CancellationToken.None);
            });
            Assert.Same(writes, await Task.WhenAny(writes, Task.Delay(TimeSpan.FromSeconds(30))));
        }
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i * 10), failed);
        Assert.Equal(90, handled.Count);
    }
}
