using VpnBot.TestKit.Database;
using VpnBot.TestKit.Payments;

namespace VpnBot.Bench.Purchase;

/// <summary>The host's configuration as environment variables, production defaults except what points at the fakes.</summary>
public static class HostSettings
{
    public static Dictionary<string, string> For(BenchDatabase database, string redis, string encryptionKey, string telegramBaseUrl, string token, FakeYooKassa yooKassa) => new()
    {
        ["ConnectionStrings__Postgres"] = database.ConnectionString,
        ["ConnectionStrings__Redis"] = redis,
        ["Security__EncryptionKey"] = encryptionKey,
        ["Telegram__ApiBaseUrl"] = telegramBaseUrl,
        ["Telegram__PollingTimeoutSeconds"] = "10",
        ["Bots__Client__Token"] = token,
        ["Payments__YooKassa__ShopId"] = yooKassa.ShopId,
        ["Payments__YooKassa__SecretKey"] = yooKassa.SecretKey,
        ["Payments__YooKassa__ApiBaseUrl"] = yooKassa.ApiBaseUrl,
        ["Payments__YooKassa__ReturnUrl"] = "https://t.me/vpnbot_bench_bot",
        // The bench POSTs the notifications from loopback in YooKassa's place.
        ["Payments__YooKassa__AllowedNetworks"] = "127.0.0.1/32",
        ["Payments__Stars__Enabled"] = "true",
        ["Vpn__SubscriptionFeed__PublicBaseUrl"] = "https://vpn.example.com",
        // Each customer sends 5 updates in a few seconds; the default 20 per 10 s would not bite, but the
        // benchmark must never measure the throttle's notice instead of the flow.
        ["Throttle__UpdatesPerWindow"] = "1000",
        // Hangfire's scheduled jobs (expiry, auto-renewal) are not part of a purchase; the backend-task worker still runs.
        ["Jobs__Enabled"] = "false",
        // Warnings and errors stay on the console (the bench counts them); per-purchase information lines do not.
        ["Serilog__MinimumLevel__Override__VpnBot"] = "Warning",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };
}
