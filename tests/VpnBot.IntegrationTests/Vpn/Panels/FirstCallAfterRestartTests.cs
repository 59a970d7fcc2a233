using System.Text.Json.Nodes;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Panels;

namespace VpnBot.IntegrationTests.Vpn.Panels;

/// <summary>
/// A freshly started process knows nothing about a panel: no session, no token, no detected API generation.
/// Its first call to a server may be anything the jobs do (a sync, a disable, a delete, a usage read), not
/// only a purchase; each must open the session by itself. Each test makes the client in one provider
/// instance and then works on it from a new one, as after a restart.
/// </summary>
public class FirstCallAfterRestartTests
{
    private static readonly DateTimeOffset Expiry = new(2027, 1, 15, 12, 30, 0, TimeSpan.Zero);
    private static readonly ProvisionRequest Request = new("tg123456789_s42_vless", 123456789, 42, Expiry, 50L * 1024 * 1024 * 1024, 3, "Germany 1");

    public static TheoryData<string, string> ThreeXUiCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var flavor in new[] { "v2.8.3", "v2.8.4", "v3.0", "v3.1", "v3.0+token", "v3.1+token" })
            foreach (var first in new[] { "sync", "disable", "delete", "usage", "usages" })
                cases.Add(flavor, first);
        return cases;
    }

    [Theory]
    [MemberData(nameof(ThreeXUiCases))]
    public async Task A_fresh_3x_ui_provider_whose_first_call_is_not_a_create_opens_the_session_itself(string flavor, string first)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(ThreeXUiProviderTests.OptionsFor(flavor));
        var server = PanelTestHost.ThreeXUiServer(panel);
        VpnConfig config;
        await using (var before = new PanelTestHost())
            config = ThreeXUiProviderTests.ConfigFrom(await before.Provider("vless:3xui").CreateAsync(server, Request, default), server);
        var email = config.ExternalName;
        panel.SetTraffic(email, 1000, 2000, null);

        await using var restarted = new PanelTestHost();
        var provider = restarted.Provider("vless:3xui");
        switch (first)
        {
            case "sync":
                await provider.UpdateLimitsAsync(server, config, new ClientLimits(Expiry.AddDays(30), null, 1, Enabled: false), default);
                Assert.Equal(Expiry.AddDays(30).ToUnixTimeMilliseconds(), panel.Client(email)!["expiryTime"]!.GetValue<long>());
                Assert.False(panel.Client(email)!["enable"]!.GetValue<bool>());
                break;
            case "disable":
                await provider.SetEnabledAsync(server, config, false, default);
                Assert.False(panel.Client(email)!["enable"]!.GetValue<bool>());
                break;
            case "delete":
                await provider.DeleteAsync(server, config, default);
                Assert.Null(panel.Client(email));
                break;
            case "usage":
                var usage = await provider.GetUsageAsync(server, config, default);
                Assert.Equal((1000L, 2000L), (usage!.UploadBytes, usage.DownloadBytes));
                break;
            case "usages":
                var usages = await provider.GetUsagesAsync(server, [config], default);
                Assert.Equal((1000L, 2000L), (usages[0]!.UploadBytes, usages[0]!.DownloadBytes));
                break;
        }
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("disable")]
    [InlineData("delete")]
    [InlineData("usage")]
    public async Task A_fresh_marzban_provider_whose_first_call_is_not_a_create_gets_its_token_itself(string first)
    {
        await using var panel = await FakeMarzbanPanel.StartAsync();
        var server = PanelTestHost.MarzbanServer(panel);
        VpnConfig config;
        await using (var before = new PanelTestHost())
            config = MarzbanConfig(await before.Provider("vless:marzban").CreateAsync(server, Request, default), server);
        var username = config.ExternalName;
        panel.SetUsage(username, 3000, null);
        var tokens = panel.TokensIssued;

        await using var restarted = new PanelTestHost();
        var provider = restarted.Provider("vless:marzban");
        switch (first)
        {
            case "sync":
                await provider.UpdateLimitsAsync(server, config, new ClientLimits(Expiry.AddDays(30), null, 1, Enabled: false), default);
                Assert.Equal(Expiry.AddDays(30).ToUnixTimeSeconds(), panel.User(username)!["expire"]!.GetValue<long>());
                Assert.Equal("disabled", panel.User(username)!["status"]!.GetValue<string>());
                break;
            case "disable":
                await provider.SetEnabledAsync(server, config, false, default);
                Assert.Equal("disabled", panel.User(username)!["status"]!.GetValue<string>());
                break;
            case "delete":
                await provider.DeleteAsync(server, config, default);
                Assert.Null(panel.User(username));
                break;
            case "usage":
                var usage = await provider.GetUsageAsync(server, config, default);
                Assert.Equal(3000L, usage!.UploadBytes + usage.DownloadBytes);
                break;
        }
        Assert.Equal(tokens + 1, panel.TokensIssued); // the new process logged in once, by itself
    }

    private static VpnConfig MarzbanConfig(ProvisionedConfig created, Server server) => new()
    {
        ServerId = server.Id,
        Protocol = Core.VpnProtocol.Vless,
        ExternalName = JsonNode.Parse(created.ConfigData)!["username"]!.GetValue<string>(),
        ConfigData = created.ConfigData,
        ConnectionString = created.ConnectionString,
        SubscriptionUrl = created.SubscriptionUrl,
    };
}
