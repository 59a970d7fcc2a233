using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using VpnBot.Host.Cli;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Panels;
using VpnBot.TestKit.Payments;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Backups;

/// <summary>
/// A shop whose hosts can be started on any database (the one backed up, the one restored into) against the same
/// fake 3X-UI panel and YooKassa, with the operator verbs run in-process on a given database, and a customer's
/// whole purchase walked through the client bot.
/// </summary>
public sealed class BackupShop : IAsyncDisposable
{
    public const string BackupKey = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private BackupShop(FakeThreeXUiPanel panel, FakeYooKassa yooKassa, string directory)
    {
        Panel = panel;
        YooKassa = yooKassa;
        Directory = directory;
    }

    public FakeThreeXUiPanel Panel { get; }
    public FakeYooKassa YooKassa { get; }

    /// <summary>Backups:Directory, a fresh one per shop.</summary>
    public string Directory { get; }

    public static async Task<BackupShop> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "vpnbot-backups-" + Guid.NewGuid().ToString("N")[..10]);
        return new BackupShop(await FakeThreeXUiPanel.StartAsync(), await FakeYooKassa.StartAsync(), directory);
    }

    public Task<TestHost> StartHostAsync(TestDatabase database, Action<Dictionary<string, string?>>? configure = null) =>
        TestHost.StartAsync(c =>
        {
            c["Payments:YooKassa:ShopId"] = YooKassa.ShopId;
            c["Payments:YooKassa:SecretKey"] = YooKassa.SecretKey;
            c["Payments:YooKassa:ApiBaseUrl"] = YooKassa.ApiBaseUrl;
            c["Payments:YooKassa:ReturnUrl"] = "https://t.me/vpnbot_test_bot";
            c["Payments:YooKassa:AllowedNetworks"] = "127.0.0.1/32";
            c["Vpn:SubscriptionFeed:PublicBaseUrl"] = "https://vpn.example.com";
            c["Vpn:Panels:RetryCount"] = "0";
            c["Backups:EncryptionKey"] = BackupKey;
            c["Backups:Directory"] = Directory;
            configure?.Invoke(c);
        }, database: database);

    /// <summary>A verb on <paramref name="connectionString"/>, as an operator runs it; the settings can be changed per call.</summary>
    public async Task<(int Exit, string Out, string Err)> RunVerbAsync(string connectionString, string? stdin, Action<Dictionary<string, string?>>? configure, params string[] args)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Security:EncryptionKey"] = TestHost.EncryptionKey,
            ["Backups:EncryptionKey"] = BackupKey,
            ["Backups:Directory"] = Directory,
            ["Backups:SendToAdmins"] = "false",
        };
        configure?.Invoke(settings);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var exit = await CliCommands.RunAsync(args, config, stdout, stderr, new StringReader(stdin ?? ""));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A plan and a server (its panel password encrypted under Security:EncryptionKey, bound to the server) through the verbs.</summary>
    public async Task SeedCatalogAsync(string connectionString)
    {
        var settings = new JsonObject
        {
            ["vless"] = new JsonObject
            {
                ["panel"] = "3xui", ["url"] = Panel.Url.ToString(), ["username"] = Panel.Options.Username, ["password"] = Panel.Options.Password,
                ["inboundId"] = Panel.Options.InboundId, ["apiVersion"] = "auto",
            },
        }.ToJsonString();
        var server = await RunVerbAsync(connectionString, settings, null, "server", "add", "--name", "de-1", "--location", "Germany", "--country", "DE",
            "--ip", "203.0.113.10", "--protocols", "vless", "--max-users", "100", "--settings", "-");
        Assert.True(server.Exit == 0, server.Err);
        var plan = await RunVerbAsync(connectionString, null, null, "plan", "add", "--name", "Месяц", "--days", "30", "--price", "299", "--currency", "RUB");
        Assert.True(plan.Exit == 0, plan.Err);
    }

    /// <summary>/start → Buy → plan → location → YooKassa → paid (webhook) → the key delivered; returns the vless link.</summary>
    public async Task<string> BuyAsync(TestHost host, long userId, long planId, long serverId)
    {
        var telegram = host.Telegram;
        telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "/start"));
        await telegram.WaitForCallAsync("sendMessage", userId);
        telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Text(userId, "🛒 Купить / продлить"));
        await telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.CallbackData().Contains($"buy:p:{planId}"));
        telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, $"buy:p:{planId}"));
        var location = $"buy:s:{planId}:{serverId}";
        await telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Contains(location));
        telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, location));
        var method = $"buy:m:{planId}:{serverId}:yookassa";
        await telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Contains(method));
        var before = YooKassa.Payments().Count;
        telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, method));
        await telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.CallbackData().Any(d => d.StartsWith("buy:c:", StringComparison.Ordinal)));
        Assert.Equal(before + 1, YooKassa.Payments().Count);

        var yooId = YooKassa.Payments().Last()["id"]!.GetValue<string>();
        YooKassa.Succeed(yooId);
        using var http = new HttpClient();
        var notify = await http.PostAsync(host.BaseUrl + "/webhooks/payments/yookassa",
            new StringContent(YooKassa.NotificationBody("payment.succeeded", yooId), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, notify.StatusCode);
        var key = await telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("vless://", StringComparison.Ordinal));
        return WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(key.Text!, "vless://[^<\\s]+").Value);
    }

    public async ValueTask DisposeAsync()
    {
        await Panel.DisposeAsync();
        await YooKassa.DisposeAsync();
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
