using System.Text.Json.Nodes;
using VpnBot.Core;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Panels;
using VpnBot.TestKit.Payments;

namespace VpnBot.IntegrationTests.Bots.Client;

/// <summary>
/// A shop as an operator sets it up: the real host with its client bot on the fake Bot API, a 3X-UI
/// panel (fake, on loopback) behind one server, YooKassa, Crypto Pay and Stars configured, one plan.
/// </summary>
public sealed class ShopFixture : IAsyncDisposable
{
    private ShopFixture(TestHost host, FakeThreeXUiPanel panel, FakeYooKassa yooKassa, FakeCryptoPay cryptoPay, SubscriptionPlan plan, Server server)
    {
        Host = host;
        Panel = panel;
        YooKassa = yooKassa;
        CryptoPay = cryptoPay;
        Plan = plan;
        Server = server;
    }

    public TestHost Host { get; }
    public FakeThreeXUiPanel Panel { get; }
    public FakeYooKassa YooKassa { get; }
    public FakeCryptoPay CryptoPay { get; }
    public SubscriptionPlan Plan { get; }
    public Server Server { get; }

    public static async Task<ShopFixture> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var panel = await FakeThreeXUiPanel.StartAsync();
        var yooKassa = await FakeYooKassa.StartAsync();
        var cryptoPay = await FakeCryptoPay.StartAsync();
        var host = await TestHost.StartAsync(c =>
        {
            c["Payments:YooKassa:ShopId"] = yooKassa.ShopId;
            c["Payments:YooKassa:SecretKey"] = yooKassa.SecretKey;
            c["Payments:YooKassa:ApiBaseUrl"] = yooKassa.ApiBaseUrl;
            c["Payments:YooKassa:ReturnUrl"] = "https://t.me/vpnbot_test_bot";
            c["Payments:YooKassa:AllowedNetworks"] = "127.0.0.1/32";
            c["Payments:CryptoPay:Token"] = cryptoPay.Token;
            c["Payments:CryptoPay:ApiBaseUrl"] = cryptoPay.ApiBaseUrl;
            c["Payments:Stars:Enabled"] = "true";
            c["Vpn:SubscriptionFeed:PublicBaseUrl"] = "https://vpn.example.com";
            c["Vpn:Panels:RetryCount"] = "0";
            c["Vpn:Panels:Timeout"] = "00:00:03";
            c["Vpn:BackendTasks:RetryBaseDelay"] = "00:00:01";
            c["Vpn:BackendTasks:RetryMaxDelay"] = "00:00:02";
            configure?.Invoke(c);
        });

        SecretProtector.TryParseKey(TestHost.EncryptionKey, out var key);
        var secrets = new SecretProtector(key);
        var now = DateTimeOffset.UtcNow;
        var plan = new SubscriptionPlan { Name = "Месяц", DurationDays = 30, Price = 299m, Currency = "RUB", PriceStars = 150, DeviceLimit = 3, IsPopular = true, CreatedAt = now, UpdatedAt = now };
        var server = new Server
        {
            Name = "de-1", Location = "Germany", CountryCode = "DE", City = "Frankfurt", IpAddress = "203.0.113.10", Domain = "de1.example.com",
            SupportedProtocols = [VpnProtocol.Vless], PrimaryProtocol = VpnProtocol.Vless, MaxUsers = 100, CreatedAt = now, UpdatedAt = now,
        };
        server.SetSection("vless", new JsonObject
        {
            ["panel"] = "3xui", ["url"] = panel.Url.ToString(), ["username"] = panel.Options.Username,
            ["password"] = secrets.Protect(panel.Options.Password), ["inboundId"] = panel.Options.InboundId, ["apiVersion"] = "auto",
        });
        await using (var db = host.Db())
        {
            db.AddRange(plan, server);
            await db.SaveChangesAsync();
        }
        return new ShopFixture(host, panel, yooKassa, cryptoPay, plan, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Panel.DisposeAsync();
        await YooKassa.DisposeAsync();
        await CryptoPay.DisposeAsync();
    }
}
