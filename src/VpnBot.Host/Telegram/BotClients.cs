using Microsoft.Extensions.Options;
using Telegram.Bot;
using VpnBot.Host.Configuration;

namespace VpnBot.Host.Telegram;

/// <summary>
/// The Bot API clients of the three bots. A bot without a token has no client and is
/// reported disabled; the others run regardless.
/// </summary>
public sealed class BotClients
{
    public const string HttpClientName = "telegram";
    private readonly Dictionary<BotKind, ITelegramBotClient> _clients = [];

    public BotClients(IOptions<BotsOptions> bots, IOptions<TelegramOptions> telegram, IHttpClientFactory httpClients)
    {
        var baseUrl = telegram.Value.ApiBaseUrl;
        Add(BotKind.Client, bots.Value.Client.Token);
        Add(BotKind.Support, bots.Value.Support.Token);
        Add(BotKind.Admin, bots.Value.Admin.Token);

        void Add(BotKind kind, string? token)
        {
            if (string.IsNullOrWhiteSpace(token)) return;
            var options = new TelegramBotClientOptions(token, baseUrl)
            {
                // 429: Telegram.Bot waits retry_after (up to a minute) and retries by itself.
                RetryThreshold = 60,
                RetryCount = 3,
            };
            _clients[kind] = new TelegramBotClient(options, httpClients.CreateClient(HttpClientName));
        }
    }

    public bool IsEnabled(BotKind bot) => _clients.ContainsKey(bot);

    public ITelegramBotClient Get(BotKind bot) =>
        _clients.TryGetValue(bot, out var client) ? client : throw new InvalidOperationException($"The {bot} bot has no token configured.");

    public bool TryGet(BotKind bot, out ITelegramBotClient client) => _clients.TryGetValue(bot, out client!);
}
