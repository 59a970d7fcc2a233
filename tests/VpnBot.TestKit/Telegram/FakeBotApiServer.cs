using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VpnBot.TestKit.Telegram;

/// <summary>
/// A Telegram Bot API server on 127.0.0.1 for tests and benchmarks. The real Telegram.Bot client
/// talks to it over HTTP: it queues updates for getUpdates (long polling included), records every
/// method call with its parameters (JSON, form and multipart, files too), answers with Telegram's
/// envelope ({ok,result} / {ok:false,error_code,description,parameters}) and real HTTP statuses,
/// and can be told to fail the next calls of a method (429 with retry_after, 400, 403, 500).
/// </summary>
public sealed partial class FakeBotApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, BotState> _bots = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeFault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Token, long ChatId), FakeFault> _chatFaults = new();
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly List<(Func<RecordedCall, bool> Match, TaskCompletionSource<RecordedCall> Done)> _waiters = [];
    private long _nextMessageId = 1000;

    private FakeBotApiServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Keep a copy of every call (turn off in benchmarks that only need <see cref="OnCall"/>).</summary>
    public bool RecordCalls { get; set; } = true;

    /// <summary>Called with (token, update ids) whenever getUpdates hands updates out: benchmarks start their clocks here.</summary>
    public Action<string, IReadOnlyList<long>>? OnUpdatesHandedOut { get; set; }

    /// <summary>Called for every method call with (token, method, chat_id): cheap hook for benchmarks.</summary>
    public Action<string, string, long?>? OnCall { get; set; }

    public static async Task<FakeBotApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 60 * 1024 * 1024);
        var app = builder.Build();
        var server = new FakeBotApiServer(app);
        app.Map("/bot{token}/{method}", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    public IReadOnlyList<RecordedCall> Calls => _calls.ToArray();

    public IReadOnlyList<RecordedCall> CallsTo(string method, long? chatId = null) =>
        _calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase) && (chatId is null || c.ChatId == chatId)).ToList();

    /// <summary>Answers the next <paramref name="times"/> calls of <paramref name="method"/> with <paramref name="fault"/>.</summary>
    public void FailNext(string method, FakeFault fault, int times = 1)
    {
        var queue = _faults.GetOrAdd(method, _ => new ConcurrentQueue<FakeFault>());
        for (var i = 0; i < times; i++) queue.Enqueue(fault);
    }

    /// <summary>
    /// Answers every later call of the bot with <paramref name="token"/> to <paramref name="chatId"/> with
    /// <paramref name="fault"/>: a user who blocked the bot gets 403 on every send, not just the next one.
    /// </summary>
    public void FailChat(string token, long chatId, FakeFault fault) => _chatFaults[(token, chatId)] = fault;

    /// <summary>Queues an update for the bot with this token; update_id is assigned here.</summary>
    /// <param name="assigned">Told the id before any getUpdates can hand the update out (benchmarks key their clocks on it).</param>
    public long EnqueueUpdate(string token, JsonObject update, Action<long>? assigned = null)
    {
        var bot = Bot(token);
        lock (bot)
        {
            var id = ++bot.LastUpdateId;
            assigned?.Invoke(id);
            update["update_id"] = id;
            bot.Pending.Add((id, update.ToJsonString()));
            bot.Signal.TrySetResult();
            bot.Signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return id;
        }
    }

    /// <summary>
    /// Queues an update given as raw JSON text (made by <paramref name="json"/> from the assigned update_id),
    /// for updates that cannot be built as a <see cref="JsonObject"/>: a lone surrogate escape, a wrong type.
    /// </summary>
    public long EnqueueRawUpdate(string token, Func<long, string> json)
    {
        var bot = Bot(token);
        lock (bot)
        {
            var id = ++bot.LastUpdateId;
            bot.Pending.Add((id, json(id)));
            bot.Signal.TrySetResult();
            bot.Signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return id;
        }
    }

    /// <summary>Updates queued but not yet confirmed by a later getUpdates offset.</summary>
    public int PendingUpdates(string token)
    {
        var bot = Bot(token);
        lock (bot) return bot.Pending.Count;
    }

    public async Task<RecordedCall> WaitForCallAsync(Func<RecordedCall, bool> match, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<RecordedCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            var existing = _calls.FirstOrDefault(match);
            if (existing is not null) return existing;
            _waiters.Add((match, done));
        }
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        if (await Task.WhenAny(done.Task, Task.Delay(limit)) == done.Task) return await done.Task;
        lock (_waiters) _waiters.RemoveAll(w => w.Done == done);
        throw new TimeoutException($"No matching Bot API call within {limit.TotalSeconds:0.#} s. Calls so far:\n" +
            string.Join("\n", _calls.TakeLast(20).Select(c => $"  {c.Method} {c.Parameters.ToJsonString()}")));
    }

    public Task<RecordedCall> WaitForCallAsync(string method, long chatId, TimeSpan? timeout = null) =>
        WaitForCallAsync(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase) && c.ChatId == chatId, timeout);

    public async ValueTask DisposeAsync()
    {
        foreach (var bot in _bots.Values) lock (bot) bot.Signal.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private BotState Bot(string token) => _bots.GetOrAdd(token, _ => new BotState());

    private async Task HandleAsync(HttpContext http, string token, string method)
    {
        var (parameters, files) = await RequestParser.ReadAsync(http.Request);
        OnCall?.Invoke(token, method, ChatIdOf(parameters));
        if (!string.Equals(method, "getUpdates", StringComparison.OrdinalIgnoreCase))
            Record(new RecordedCall(token, method, parameters, files, DateTimeOffset.UtcNow));

        if (_faults.TryGetValue(method, out var faults) && faults.TryDequeue(out var fault))
        {
            await WriteErrorAsync(http, fault);
            return;
        }
        if (ChatIdOf(parameters) is { } chat && _chatFaults.TryGetValue((token, chat), out var chatFault))
        {
            await WriteErrorAsync(http, chatFault);
            return;
        }
        // Telegram takes files up to 50 MB from bots and answers a bigger upload with 413.
        if (files.Values.Any(f => f.Content.LongLength > FakeFault.UploadLimit))
        {
            await WriteErrorAsync(http, FakeFault.TooLarge());
            return;
        }
        if (string.Equals(method, "getUpdates", StringComparison.OrdinalIgnoreCase))
        {
            await WriteRawResultAsync(http, await GetUpdatesAsync(token, parameters, http.RequestAborted));
            return;
        }
        await WriteResultAsync(http, Responses.For(method, token, parameters, files, () => Interlocked.Increment(ref _nextMessageId)));
    }

    private void Record(RecordedCall call)
    {
        if (!RecordCalls) return;
        lock (_waiters)
        {
            _calls.Enqueue(call);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Match(call)) continue;
                _waiters[i].Done.TrySetResult(call);
                _waiters.RemoveAt(i);
            }
        }
    }

    private async Task<string> GetUpdatesAsync(string token, JsonObject p, CancellationToken ct)
    {
        var bot = Bot(token);
        var offset = (long?)Number(p["offset"]) ?? 0;
        var limit = (int)(Number(p["limit"]) ?? 100);
        var timeout = Number(p["timeout"]) ?? 0;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(timeout);
        while (true)
        {
            Task signal;
            lock (bot)
            {
                if (offset > 0) bot.Pending.RemoveAll(u => u.Id < offset);
                if (bot.Pending.Count > 0 || timeout <= 0 || DateTimeOffset.UtcNow >= deadline)
                {
                    var batch = bot.Pending.Take(limit).ToList();
                    if (batch.Count > 0) OnUpdatesHandedOut?.Invoke(token, batch.Select(u => u.Id).ToList());
                    return "[" + string.Join(",", batch.Select(u => u.Json)) + "]";
                }
                signal = bot.Signal.Task;
            }
            var wait = deadline - DateTimeOffset.UtcNow;
            if (wait <= TimeSpan.Zero) continue;
            try { await signal.WaitAsync(wait, ct); }
            catch (TimeoutException) { }
            catch (OperationCanceledException) { return "[]"; }
        }
    }

    private static long? ChatIdOf(JsonObject p) => Number(p["chat_id"]) is { } d ? (long)d : null;

    private static double? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static Task WriteResultAsync(HttpContext http, JsonNode? result) =>
        WriteRawResultAsync(http, result?.ToJsonString() ?? "true");

    private static async Task WriteRawResultAsync(HttpContext http, string resultJson)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("{\"ok\":true,\"result\":" + resultJson + "}");
    }

    private static async Task WriteErrorAsync(HttpContext http, FakeFault fault)
    {
        http.Response.StatusCode = fault.StatusCode;
        http.Response.ContentType = "application/json";
        var body = new JsonObject { ["ok"] = false, ["error_code"] = fault.StatusCode, ["description"] = fault.Description };
        if (fault.RetryAfter is { } retry)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = retry };
            http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await http.Response.WriteAsync(body.ToJsonString());
    }

    private sealed class BotState
    {
        public long LastUpdateId;
        public readonly List<(long Id, string Json)> Pending = [];
        public TaskCompletionSource Signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
