using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;
using VpnBot.Core.Vpn.SubscriptionFeed;

namespace VpnBot.IntegrationTests.Bots.Client;

/// <summary>
/// A leaked subscription link can be revoked (issue 10.4): the customer resets it from My keys, a re-issued key
/// replaces it, and the old token answers exactly like one that never existed.
/// </summary>
public partial class FeedLinkRotationTests : IAsyncLifetime
{
    private ShopFixture _shop = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _shop = await ShopFixture.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _shop.DisposeAsync();
    }

    private FakeBotApiServer Telegram => _shop.Host.Telegram;

    [Fact]
    public async Task A_customer_resets_the_link_after_a_warning_and_the_old_link_answers_like_an_unknown_one()
    {
        var (userId, vlessLink, oldToken) = await CustomerWithKeyAsync();
        Assert.Equal(vlessLink, await FeedLinksAsync(oldToken));

        var keys = await SendAndWaitAsync(Updates.Text(userId, "🔑 Мой ключ"), userId, c => c.CallbackData().Contains("link"));
        var confirm = await SendAndWaitAsync(Updates.Callback(userId, "link"), userId, c => c.Method == "editMessageText");
        Assert.Contains("Старая ссылка перестанет работать", confirm.Text, StringComparison.Ordinal);
        var yes = Assert.Single(confirm.CallbackData(), d => d.StartsWith("link:y:", StringComparison.Ordinal));
        Assert.Equal(oldToken, await TokenOfAsync(userId)); // asking is not doing
        Assert.NotNull(keys);

        var done = await SendAndWaitAsync(Updates.Callback(userId, yes), userId, c => c.Method == "editMessageText");
        var newToken = FeedToken().Match(done.Text!).Groups[1].Value;
        Assert.Equal(newToken, await TokenOfAsync(userId));
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(vlessLink, await FeedLinksAsync(newToken)); // the keys are the same, only the link changed
        await AssertAnswersLikeUnknownAsync(oldToken);

        // The same confirmation pressed again (a double tap, an old message) resets nothing.
        await SendAndWaitAsync(Updates.Callback(userId, yes), userId, c => c.Method == "editMessageText");
        Assert.Equal(newToken, await TokenOfAsync(userId));
    }

    [Fact]
    public async Task Re_issuing_a_key_also_replaces_the_subscription_link()
    {
        var (userId, vlessLink, oldToken) = await CustomerWithKeyAsync();
        long configId;
        await using (var db = _shop.Host.Db()) configId = (await db.VpnConfigs.SingleAsync(c => c.IsActive)).Id;

        var delivered = await SendAndWaitAsync(Updates.Callback(userId, $"cfg:r:{configId}:y"), userId,
            c => c.Method == "sendMessage" && c.Text!.Contains("vless://", StringComparison.Ordinal));
        var newToken = await TokenOfAsync(userId);
        Assert.NotNull(newToken);
        Assert.NotEqual(oldToken, newToken);
        Assert.Contains("/sub/" + newToken, delivered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(oldToken, delivered.Text, StringComparison.Ordinal);

        string newLink;
        await using (var db = _shop.Host.Db()) newLink = (await db.VpnConfigs.SingleAsync(c => c.IsActive)).ConnectionString!;
        Assert.NotEqual(vlessLink, newLink);
        Assert.Equal(newLink, await FeedLinksAsync(newToken!));
        await AssertAnswersLikeUnknownAsync(oldToken);
    }

    [Fact]
    public async Task A_forged_reset_carrying_another_customers_link_changes_no_ones_link()
    {
        var (victim, _, victimToken) = await CustomerWithKeyAsync();
        var (attacker, _, attackerToken) = await CustomerWithKeyAsync();
        var victimButton = "link:y:" + SubscriptionFeedService.Fingerprint(victimToken);

        var answer = await SendAndWaitAsync(Updates.Callback(attacker, victimButton), attacker, c => c.Method == "answerCallbackQuery");
        Assert.Contains("устарела", answer["text"], StringComparison.OrdinalIgnoreCase);
        await SendAndWaitAsync(Updates.Callback(attacker, "link:y:"), attacker, c => c.Method == "editMessageText");

        Assert.Equal(victimToken, await TokenOfAsync(victim));
        Assert.Equal(attackerToken, await TokenOfAsync(attacker));
        Assert.NotEqual("", await FeedBodyAsync(victimToken));
    }

    /// <summary>A customer who has pressed /start, with an active subscription provisioned on the fake 3X-UI panel and a feed link.</summary>
    private async Task<(long TelegramId, string VlessLink, string Token)> CustomerWithKeyAsync()
    {
        var telegramId = TestHost.NewUserId();
        await SendAndWaitAsync(Updates.Text(telegramId, "/start"), telegramId, c => c.Method == "sendMessage");
        long subscriptionId, userId;
        await using (var db = _shop.Host.Db())
        {
            var user = await db.Users.SingleAsync(u => u.TelegramId == telegramId);
            var now = DateTimeOffset.UtcNow;
            var subscription = new Subscription
            {
                UserId = user.Id, PlanId = _shop.Plan.Id, ServerId = _shop.Server.Id, Status = SubscriptionStatus.Active, DeviceLimit = 3,
                StartedAt = now, ExpiresAt = now.AddDays(30), CreatedAt = now, UpdatedAt = now,
            };
            db.Add(subscription);
            await db.SaveChangesAsync();
            (subscriptionId, userId) = (subscription.Id, user.Id);
        }
        await using var scope = _shop.Host.App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IProvisioningService>().ProvisionAsync(subscriptionId, CancellationToken.None);
        var token = await scope.ServiceProvider.GetRequiredService<SubscriptionFeedService>().IssueTokenAsync(userId, CancellationToken.None);
        return (telegramId, result.Config.ConnectionString!, token);
    }

    private async Task<RecordedCall> SendAndWaitAsync(System.Text.Json.Nodes.JsonObject update, long chatId, Func<RecordedCall, bool> match)
    {
        var before = new HashSet<RecordedCall>(Telegram.Calls, ReferenceEqualityComparer.Instance);
        Telegram.EnqueueUpdate(TestHost.ClientToken, update);
        return await Telegram.WaitForCallAsync(c => c.Token == TestHost.ClientToken && !before.Contains(c)
            && (c.ChatId == chatId || c.Method == "answerCallbackQuery") && match(c));
    }

    private async Task<string?> TokenOfAsync(long telegramId)
    {
        await using var db = _shop.Host.Db();
        return await db.Users.Where(u => u.TelegramId == telegramId).Select(u => u.SubscriptionToken).SingleAsync();
    }

    private async Task<string> FeedBodyAsync(string token) => await _http.GetStringAsync($"{_shop.Host.BaseUrl}/sub/{token}");

    private async Task<string> FeedLinksAsync(string token) => Encoding.UTF8.GetString(Convert.FromBase64String(await FeedBodyAsync(token)));

    /// <summary>A rotated token gets byte for byte what a well-formed token that never existed gets.</summary>
    private async Task AssertAnswersLikeUnknownAsync(string oldToken)
    {
        var never = new string('A', oldToken.Length);
        using var rotated = await _http.GetAsync($"{_shop.Host.BaseUrl}/sub/{oldToken}");
        using var unknown = await _http.GetAsync($"{_shop.Host.BaseUrl}/sub/{never}");
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(unknown.StatusCode, rotated.StatusCode);
        Assert.Equal("", await rotated.Content.ReadAsStringAsync());
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await rotated.Content.ReadAsStringAsync());
        Assert.Equal(Names(unknown), Names(rotated));
        Assert.False(rotated.Headers.Contains("subscription-userinfo"));

        static string[] Names(HttpResponseMessage r) =>
            [.. r.Headers.Concat(r.Content.Headers).Select(h => h.Key.ToLowerInvariant()).Where(k => k != "date").Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex("/sub/([A-Za-z0-9_-]{43})")]
    private static partial Regex FeedToken();
}
