using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Panels;
using VpnBot.Core.Vpn.SubscriptionFeed;

namespace VpnBot.IntegrationTests.Vpn.Provisioning;

public class SubscriptionFeedTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ProvisioningTestHost _host = null!;
    private FakeThreeXUiPanel _germany = null!;
    private FakeThreeXUiPanel _finland = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = new ProvisioningTestHost(_database);
        _germany = await FakeThreeXUiPanel.StartAsync();
        _finland = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V3_1 });
    }

    public async Task DisposeAsync()
    {
        await _germany.DisposeAsync();
        await _finland.DisposeAsync();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Tokens_are_long_random_stable_until_revoked_and_revocation_kills_the_old_feed()
    {
        var (user, _) = await UserWithVlessAsync();

        var token = await Feed(f => f.IssueTokenAsync(user.Id, default));
        var again = await Feed(f => f.IssueTokenAsync(user.Id, default));
        var rotated = await Feed(f => f.RevokeTokenAsync(user.Id, default));

        Assert.Equal(token, again);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.NotEqual(token, rotated);
        Assert.Equal("", (await Feed(f => f.GetAsync(token, default))).Body);
        Assert.Empty((await Feed(f => f.GetAsync(token, default))).Headers);
        Assert.NotEqual("", (await Feed(f => f.GetAsync(rotated, default))).Body);
        Assert.Equal("https://bot.example.com/sub/" + rotated, await Feed(f => Task.FromResult(f.UrlFor(rotated))));
    }

    [Fact]
    public async Task The_feed_lists_every_active_vless_link_of_the_user_and_nothing_else()
    {
        var (user, germanyConfig) = await UserWithVlessAsync();
        var finland = await _host.AddServerAsync(_finland);
        var second = await _host.AddSubscriptionAsync(finland.Id, user: user, trafficGb: 100, days: 60);
        var finlandConfig = (await _host.RunAsync(p => p.ProvisionAsync(second.Id, default))).Config;
        // Not in the feed: a lapsed subscription, a revoked config, a WireGuard config, another user's config.
        var lapsed = await _host.AddSubscriptionAsync(finland.Id, user: user);
        var lapsedConfig = (await _host.RunAsync(p => p.ProvisionAsync(lapsed.Id, default))).Config;
        await ChangeAsync(db => db.Subscriptions.Where(s => s.Id == lapsed.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SubscriptionStatus.Expired)));
        var revoked = await _host.AddSubscriptionAsync(finland.Id, user: user);
        var revokedConfig = (await _host.RunAsync(p => p.ProvisionAsync(revoked.Id, default))).Config;
        await _host.RunAsync(p => p.RevokeAsync(revokedConfig.Id, default));
        var wireGuard = await _host.AddSubscriptionAsync(finland.Id, user: user, language: "en");
        var toReissue = (await _host.RunAsync(p => p.ProvisionAsync(wireGuard.Id, default))).Config;
        await _host.RunAsync(p => p.ReissueAsync(toReissue.Id, VpnProtocol.WireGuard, null, default));
        await UserWithVlessAsync();

        var token = await Feed(f => f.IssueTokenAsync(user.Id, default));
        var feed = await Feed(f => f.GetAsync(token, default));

        var links = Encoding.UTF8.GetString(Convert.FromBase64String(feed.Body)).Split('\n');
        Assert.Equal(new[] { germanyConfig.ConnectionString!, finlandConfig.ConnectionString! }, links);
        Assert.DoesNotContain(lapsedConfig.ConnectionString, links);
    }

    [Fact]
    public async Task Headers_carry_usage_limits_expiry_title_and_refresh_interval()
    {
        var (user, config) = await UserWithVlessAsync(trafficGb: 50);
        await ChangeAsync(db => db.Subscriptions.ExecuteUpdateAsync(u => u.SetProperty(s => s.TrafficUsedGb, 1.5m)));
        var token = await Feed(f => f.IssueTokenAsync(user.Id, default));

        var feed = await Feed(f => f.GetAsync(token, default));

        var expire = ProvisioningTestHost.Start.AddDays(30).ToUnixTimeSeconds();
        Assert.Equal($"upload=0; download={(long)(1.5m * (1L << 30))}; total={50L << 30}; expire={expire}", feed.Headers["subscription-userinfo"]);
        Assert.Equal("base64:" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Мой VPN")), feed.Headers["profile-title"]);
        Assert.Equal("12", feed.Headers["profile-update-interval"]);
        Assert.Equal(config.ConnectionString, Encoding.UTF8.GetString(Convert.FromBase64String(feed.Body)));
    }

    [Fact]
    public async Task An_unlimited_subscription_makes_the_total_unlimited()
    {
        var (user, _) = await UserWithVlessAsync(trafficGb: null);
        var token = await Feed(f => f.IssueTokenAsync(user.Id, default));

        var feed = await Feed(f => f.GetAsync(token, default));

        Assert.Contains("; total=0;", feed.Headers["subscription-userinfo"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("' OR 1=1 --AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_or_malformed_tokens_get_an_empty_feed(string? token)
    {
        await UserWithVlessAsync();

        var feed = await Feed(f => f.GetAsync(token, default));

        Assert.Equal("", feed.Body);
        Assert.Empty(feed.Headers);
    }

    [Fact]
    public async Task A_user_whose_subscriptions_lapsed_or_who_is_banned_gets_an_empty_feed()
    {
        var (lapsedUser, _) = await UserWithVlessAsync();
        var (bannedUser, _) = await UserWithVlessAsync();
        var lapsedToken = await Feed(f => f.IssueTokenAsync(lapsedUser.Id, default));
        var bannedToken = await Feed(f => f.IssueTokenAsync(bannedUser.Id, default));
        await ChangeAsync(db => db.Users.Where(u => u.Id == bannedUser.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsBanned, true)));

        var banned = await Feed(f => f.GetAsync(bannedToken, default));
        Assert.NotEqual("", (await Feed(f => f.GetAsync(lapsedToken, default))).Body);
        _host.Time.Advance(TimeSpan.FromDays(31));
        var lapsed = await Feed(f => f.GetAsync(lapsedToken, default));

        Assert.Equal(SubscriptionFeedResponse.Empty, lapsed);
        Assert.Equal(SubscriptionFeedResponse.Empty, banned);
    }

    private async Task<(User User, VpnConfig Config)> UserWithVlessAsync(int? trafficGb = 50)
    {
        var server = await _host.AddServerAsync(_germany);
        var subscription = await _host.AddSubscriptionAsync(server.Id, trafficGb: trafficGb);
        var config = (await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default))).Config;
        var user = await _host.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == subscription.UserId));
        return (user, config);
    }

    private async Task<T> Feed<T>(Func<SubscriptionFeedService, Task<T>> action)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SubscriptionFeedService>());
    }

    private Task<int> ChangeAsync(Func<Core.Data.AppDbContext, Task<int>> change) => _host.QueryAsync(change);
}
