using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Panels;
using VpnBot.Vpn.Panels;

namespace VpnBot.IntegrationTests.Vpn.Panels;

public class MarzbanProviderTests
{
    private static readonly DateTimeOffset Expiry = new(2027, 1, 15, 12, 30, 0, TimeSpan.Zero);

    private static ProvisionRequest Request(string name = "tg123456789_s42_vless") =>
        new(name, 123456789, 42, Expiry, 20L * 1024 * 1024 * 1024, 2, "Germany 1");

    [Fact]
    public async Task Create_makes_an_active_vless_user_with_limits_and_returns_its_link_and_subscription()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.MarzbanServer(panel);

        var created = await host.Provider("vless:marzban").CreateAsync(server, Request(), default);

        var user = Assert.Single(panel.Users);
        Assert.Equal("tg123456789_s42_vless", user["username"]!.GetValue<string>());
        Assert.Equal(Expiry.ToUnixTimeSeconds(), user["expire"]!.GetValue<long>());
        Assert.Equal(20L * 1024 * 1024 * 1024, user["data_limit"]!.GetValue<long>());
        Assert.Equal("active", user["status"]!.GetValue<string>());
        Assert.Equal("xtls-rprx-vision", user["proxies"]!["vless"]!["flow"]!.GetValue<string>());
        Assert.Equal("VLESS TCP REALITY", user["inbounds"]!["vless"]![0]!.GetValue<string>());
        var link = VlessLink.Parse(created.ConnectionString);
        Assert.Equal(user["proxies"]!["vless"]!["id"]!.GetValue<string>(), link.Id);
        Assert.Equal("reality", link.Security);
        // Marzban answers with a relative subscription_url when no prefix is configured.
        Assert.StartsWith(panel.Url + "sub/", created.SubscriptionUrl, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.NotEmpty(await http.GetStringAsync(created.SubscriptionUrl));
    }

    [Fact]
    public async Task An_absolute_subscription_url_is_kept()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync(new FakeMarzbanOptions { SubscriptionUrlPrefix = "https://sub.example.com" });
        await using var host = new PanelTestHost();

        var created = await host.Provider("vless:marzban").CreateAsync(PanelTestHost.MarzbanServer(panel), Request(), default);

        Assert.StartsWith("https://sub.example.com/sub/", created.SubscriptionUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_the_same_user_again_adopts_it_after_409()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.MarzbanServer(panel);
        var provider = host.Provider("vless:marzban");

        var first = await provider.CreateAsync(server, Request(), default);
        await provider.SetEnabledAsync(server, ConfigFrom(first), false, default);
        var second = await provider.CreateAsync(server, Request(), default);

        Assert.Single(panel.Users);
        Assert.Equal(first.ConnectionString, second.ConnectionString);
        Assert.Equal("active", panel.Users[0]["status"]!.GetValue<string>());
        Assert.Equal(2, panel.Calls("POST /api/user"));
    }

    [Fact]
    public async Task Limits_status_usage_and_delete_reach_the_user()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost(time);
        var server = PanelTestHost.MarzbanServer(panel);
        var provider = host.Provider("vless:marzban");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default));

        await provider.UpdateLimitsAsync(server, config, new ClientLimits(Expiry.AddDays(30), null, 5, Enabled: true), default);
        var user = panel.User(config.ExternalName)!;
        Assert.Equal(Expiry.AddDays(30).ToUnixTimeSeconds(), user["expire"]!.GetValue<long>());
        Assert.Equal(0, user["data_limit"]!.GetValue<long>());

        await provider.SetEnabledAsync(server, config, false, default);
        Assert.Equal("disabled", panel.User(config.ExternalName)!["status"]!.GetValue<string>());
        await provider.SetEnabledAsync(server, config, true, default);
        Assert.Equal("active", panel.User(config.ExternalName)!["status"]!.GetValue<string>());

        panel.SetUsage(config.ExternalName, 5_000_000, time.GetUtcNow().AddMinutes(-1));
        Assert.Equal(new ClientUsage(0, 5_000_000, time.GetUtcNow().AddMinutes(-1), true), await provider.GetUsageAsync(server, config, default));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.False((await provider.GetUsageAsync(server, config, default))!.Online);

        await provider.DeleteAsync(server, config, default);
        await provider.DeleteAsync(server, config, default);
        Assert.Empty(panel.Users);
        Assert.Null(await provider.GetUsageAsync(server, config, default));
    }

    [Fact]
    public async Task Reset_zeroes_used_traffic_and_lifts_a_traffic_limited_status()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.MarzbanServer(panel);
        var provider = host.Provider("vless:marzban");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default));
        panel.SetUsage(config.ExternalName, 60_000_000_000, null);
        panel.SetStatus(config.ExternalName, "limited");

        await provider.ResetTrafficAsync(server, config, default);

        var user = panel.User(config.ExternalName)!;
        Assert.Equal(0, user["used_traffic"]!.GetValue<long>());
        Assert.Equal("active", user["status"]!.GetValue<string>());
        Assert.Equal(1, panel.Calls("POST /api/user/{username}/reset"));
        await provider.DeleteAsync(server, config, default);
        await Assert.ThrowsAsync<VpnBackendException>(() => provider.ResetTrafficAsync(server, config, default));
    }

    [Fact]
    public async Task An_expired_token_is_renewed_once()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.MarzbanServer(panel);
        var provider = host.Provider("vless:marzban");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default));

        panel.ExpireAllTokens();
        await provider.SetEnabledAsync(server, config, false, default);

        Assert.Equal(2, panel.TokensIssued);
        Assert.Equal("disabled", panel.User(config.ExternalName)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_password_is_unauthorized()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.MarzbanServer(panel, s => s["password"] = PanelTestHost.Secrets.Protect("nope"));

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:marzban").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Unauthorized, e.Error);
    }

    [Fact]
    public async Task An_unknown_inbound_tag_is_rejected_with_the_panels_reason()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.MarzbanServer(panel, s => s["inboundTags"] = new JsonArray("NO SUCH TAG"));

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:marzban").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Rejected, e.Error);
        Assert.Contains("NO SUCH TAG", e.Message, StringComparison.Ordinal);
        Assert.Empty(panel.Users);
    }

    [Fact]
    public async Task An_invalid_username_is_rejected_before_calling_the_panel()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost();

        var e = await Assert.ThrowsAsync<VpnBackendException>(() =>
            host.Provider("vless:marzban").CreateAsync(PanelTestHost.MarzbanServer(panel), Request("has space"), default));

        Assert.Equal(VpnBackendError.Rejected, e.Error);
        Assert.Equal(0, panel.TotalCalls);
    }

    [Fact]
    public async Task A_panel_that_is_down_fails_fast_as_unreachable()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.MarzbanServer(panel);
        await panel.StopListeningAsync();

        var started = TimeProvider.System.GetTimestamp();
        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:marzban").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Unreachable, e.Error);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(3));

        await panel.ResumeListeningAsync();
        await host.Provider("vless:marzban").CreateAsync(server, Request(), default);
        Assert.Single(panel.Users);
    }

    [Fact]
    public async Task Secrets_never_reach_the_log()
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.MarzbanServer(panel);
        var provider = host.Provider("vless:marzban");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default));
        panel.ExpireAllTokens();
        await provider.UpdateLimitsAsync(server, config, new ClientLimits(Expiry, null, 1, true), default);

        var log = host.Logs.All;
        Assert.Contains("admin token", log, StringComparison.Ordinal);
        Assert.DoesNotContain(panel.Options.Password, log, StringComparison.Ordinal);
        Assert.Equal(2, panel.IssuedTokens.Count);
        foreach (var token in panel.IssuedTokens) Assert.DoesNotContain(token, log, StringComparison.Ordinal);
    }

    private static VpnConfig ConfigFrom(ProvisionedConfig created) => new()
    {
        Protocol = VpnProtocol.Vless,
        ExternalName = JsonNode.Parse(created.ConfigData)!["username"]!.GetValue<string>(),
        ConfigData = created.ConfigData,
        ConnectionString = created.ConnectionString,
        SubscriptionUrl = created.SubscriptionUrl,
    };
}
