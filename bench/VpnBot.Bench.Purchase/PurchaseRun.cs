using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;

namespace VpnBot.Bench.Purchase;

/// <summary>What every simulated customer of one run shares: the fakes, the host's addresses, the recorders.</summary>
public sealed class PurchaseRun(
    BenchOptions options, FakeBotApiServer telegram, string token, ChatReplies replies, Shop shop, BenchDatabase database, HttpClient http, string hostBaseUrl)
{
    public BenchOptions Options { get; } = options;
    public FakeBotApiServer Telegram { get; } = telegram;
    public string Token { get; } = token;
    public ChatReplies Replies { get; } = replies;
    public Shop Shop { get; } = shop;
    public BenchDatabase Database { get; } = database;
    public HttpClient Http { get; } = http;
    public string WebhookUrl { get; } = hostBaseUrl + "/webhooks/payments/yookassa";
}
