using System.Collections.Concurrent;

namespace VpnBot.Bench.Purchase;

/// <summary>
/// Fed by FakeBotApiServer.OnCall (token, method, chat): completes the one reply each simulated customer is
/// waiting for and tallies every call per chat, so the run can prove each customer got exactly the
/// messages of one purchase. No call is stored, so memory stays flat however many users walk.
/// </summary>
public sealed class ChatReplies(string token)
{
    private readonly ConcurrentDictionary<long, Expectation> _waiting = new();
    private readonly ConcurrentDictionary<long, ChatTally> _tallies = new();
    private readonly ConcurrentDictionary<string, int> _byMethod = new(StringComparer.OrdinalIgnoreCase);

    public void OnCall(string callToken, string method, long? chatId)
    {
        if (callToken != token || string.Equals(method, "getUpdates", StringComparison.OrdinalIgnoreCase)) return;
        _byMethod.AddOrUpdate(method, 1, (_, n) => n + 1);
        if (chatId is not { } chat) return;
        _tallies.GetOrAdd(chat, _ => new ChatTally()).Count(method);
        if (_waiting.TryGetValue(chat, out var expected) && string.Equals(expected.Method, method, StringComparison.OrdinalIgnoreCase)
            && _waiting.TryRemove(new KeyValuePair<long, Expectation>(chat, expected)))
            expected.Done.TrySetResult();
    }

    /// <summary>
    /// Arms the wait for the bot's next <paramref name="method"/> call to <paramref name="chatId"/>. Call it before
    /// sending what provokes the reply, then await the returned wait.
    /// </summary>
    public ReplyWait Expect(long chatId, string method)
    {
        var expectation = new Expectation(method);
        if (!_waiting.TryAdd(chatId, expectation)) throw new InvalidOperationException($"Chat {chatId} is already waiting for a reply.");
        return new ReplyWait(this, chatId, expectation);
    }

    public ChatTally? TallyOf(long chatId) => _tallies.TryGetValue(chatId, out var t) ? t : null;

    public int CallsTo(string method) => _byMethod.TryGetValue(method, out var n) ? n : 0;

    public IReadOnlyDictionary<string, int> CallsByMethod() => new Dictionary<string, int>(_byMethod, StringComparer.OrdinalIgnoreCase);

    private void Abandon(long chatId, Expectation expectation) =>
        _waiting.TryRemove(new KeyValuePair<long, Expectation>(chatId, expectation));

    public sealed class Expectation(string method)
    {
        public string Method { get; } = method;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One armed wait; <see cref="WaitAsync"/> throws a <see cref="TimeoutException"/> naming the method when the bot stays silent.</summary>
    public readonly struct ReplyWait(ChatReplies owner, long chatId, Expectation expectation)
    {
        public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
        {
            try
            {
                await expectation.Done.Task.WaitAsync(timeout, ct);
            }
            catch (TimeoutException)
            {
                owner.Abandon(chatId, expectation);
                throw new TimeoutException($"no {expectation.Method} to chat {chatId} within {timeout.TotalSeconds:0} s");
            }
            catch (OperationCanceledException)
            {
                owner.Abandon(chatId, expectation);
                throw;
            }
        }

        /// <summary>Disarms a wait whose trigger could not be sent.</summary>
        public void Cancel() => owner.Abandon(chatId, expectation);
    }
}
