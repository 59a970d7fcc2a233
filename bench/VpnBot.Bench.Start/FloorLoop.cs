using Telegram.Bot;

namespace VpnBot.Bench.Start;

/// <summary>
/// The floor: getUpdates → sendMessage with no logic, no database, no Redis, same concurrency bound,
/// same fake server, same client library. Our throughput is reported as a fraction of this.
/// </summary>
public static class FloorLoop
{
    public static async Task RunAsync(string baseUrl, string token, int concurrency, CancellationToken ct)
    {
        var client = new TelegramBotClient(new TelegramBotClientOptions(token, baseUrl), new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }));
        using var gate = new SemaphoreSlim(concurrency);
        int? offset = null;
        while (!ct.IsCancellationRequested)
        {
            Telegram.Bot.Types.Update[] updates;
            try { updates = await client.GetUpdates(offset, 100, 1, cancellationToken: ct); }
            catch (OperationCanceledException) { break; }
            foreach (var update in updates)
            {
                offset = update.Id + 1;
                await gate.WaitAsync(ct);
                var chatId = update.Message!.Chat.Id;
                _ = Task.Run(async () =>
                {
                    try { await client.SendMessage(chatId, "Hello", cancellationToken: ct); }
                    finally { gate.Release(); }
                }, ct);
            }
        }
    }
}
