using System.Net;
using System.Text;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.Core.Vpn.SubscriptionFeed;

namespace VpnBot.IntegrationTests.Host;

public class SubscriptionFeedEndpointTests
{
    [Fact]
    public async Task The_feed_serves_the_users_vless_links_with_userinfo_and_unknown_tokens_get_an_empty_200()
    {
        await using var host = await TestHost.StartAsync();
        const string link = "vless://b831381d-6324-4d53-ad4f-8cda48b30811@de1.example.com:443?security=reality&type=tcp#DE";
        var now = DateTimeOffset.UtcNow;
        long userId;
        var expires = now.AddDays(20);
        await using (var db = host.Db())
        {
            var user = new User { TelegramId = TestHost.NewUserId(), CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
            var server = new Server { Name = "de-1", Location = "Germany", CountryCode = "DE", IpAddress = "203.0.113.10", SupportedProtocols = [VpnProtocol.Vless], CreatedAt = now, UpdatedAt = now };
            db.AddRange(user, server);
            await db.SaveChangesAsync();
            userId = user.Id;
            var sub = new Subscription { UserId = user.Id, ServerId = server.Id, Status = SubscriptionStatus.Active, ExpiresAt = expires, TrafficLimitGb = 100, CreatedAt = now, UpdatedAt = now };
            db.Add(sub);
            await db.SaveChangesAsync();
            db.Add(new VpnConfig { SubscriptionId = sub.Id, ServerId = server.Id, Protocol = VpnProtocol.Vless, ExternalName = "tg1_s1_vless", ConnectionString = link, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        string token;
        await using (var scope = host.App.Services.CreateAsyncScope())
            token = await scope.ServiceProvider.GetRequiredService<SubscriptionFeedService>().IssueTokenAsync(userId, CancellationToken.None);

        using var http = new HttpClient();
        var response = await http.GetAsync($"{host.BaseUrl}/sub/{token}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(link, Encoding.UTF8.GetString(Convert.FromBase64String(await response.Content.ReadAsStringAsync())));
        var userinfo = response.Headers.GetValues("subscription-userinfo").Single();
        Assert.Contains($"total={100L << 30}", userinfo, StringComparison.Ordinal);
        Assert.Contains($"expire={expires.ToUnixTimeSeconds()}", userinfo, StringComparison.Ordinal);
        Assert.StartsWith("base64:", response.Headers.GetValues("profile-title").Single(), StringComparison.Ordinal);

        var unknown = await http.GetAsync($"{host.BaseUrl}/sub/not-a-real-token-0000000000000000");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal("", await unknown.Content.ReadAsStringAsync());
        Assert.False(unknown.Headers.Contains("subscription-userinfo"));
    }
}
