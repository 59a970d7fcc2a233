using VpnBot.TestKit.Database;
using System.Text.Json.Nodes;
using VpnBot.Core;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.TestKit.Panels;
using VpnBot.TestKit.Payments;

namespace VpnBot.Bench.Purchase;

/// <summary>
/// The shop as an operator sets it up (as the integration tests' ShopFixture does): one plan, one server whose
/// "vless" section points at the fake 3X-UI panel with its password encrypted under the host's key.
/// </summary>
public sealed record Shop(long PlanId, long ServerId, FakeThreeXUiPanel Panel, FakeYooKassa YooKassa)
{
    public const string Method = "yookassa";

    public static async Task<Shop> SeedAsync(BenchDatabase database, string encryptionKey, FakeThreeXUiPanel panel, FakeYooKassa yooKassa, int capacity)
    {
        if (!SecretProtector.TryParseKey(encryptionKey, out var key)) throw new ArgumentException("The encryption key is not 32 bytes of base64.");
        var secrets = new SecretProtector(key);
        var now = DateTimeOffset.UtcNow;
        var plan = new SubscriptionPlan
        {
            Name = "Месяц", DurationDays = 30, Price = 299m, Currency = "RUB", PriceStars = 150, DeviceLimit = 3, IsPopular = true,
            CreatedAt = now, UpdatedAt = now,
        };
        var server = new Server
        {
            Name = "de-1", Location = "Germany", CountryCode = "DE", City = "Frankfurt", IpAddress = "203.0.113.10", Domain = "de1.example.com",
            SupportedProtocols = [VpnProtocol.Vless], PrimaryProtocol = VpnProtocol.Vless, MaxUsers = capacity, CreatedAt = now, UpdatedAt = now,
        };
        server.SetSection("vless", new JsonObject
        {
            ["panel"] = "3xui", ["url"] = panel.Url.ToString(), ["username"] = panel.Options.Username,
            ["password"] = secrets.Protect(panel.Options.Password), ["inboundId"] = panel.Options.InboundId, ["apiVersion"] = "auto",
        });
        await using var db = database.CreateContext();
        db.AddRange(plan, server);
        await db.SaveChangesAsync();
        return new Shop(plan.Id, server.Id, panel, yooKassa);
    }
}
