using System.Text;
using System.Text.Json.Nodes;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Panels;
using VpnBot.Vpn.Panels;

namespace VpnBot.IntegrationTests.Vpn.Panels;

/// <summary>Every 3X-UI provider call against every panel generation the fake speaks.</summary>
public class ThreeXUiProviderTests
{
    private static readonly DateTimeOffset Expiry = new(2027, 1, 15, 12, 30, 0, TimeSpan.Zero);

    public static TheoryData<string> Flavors => new()
    {
        "v2.8.3", "v2.8.4", "v3.0", "v3.1", "v3.0+token", "v3.1+token", "v3.1+nested", "v2.8.4+basepath", "v3.1+basepath",
    };

    internal static FakeThreeXUiOptions OptionsFor(string flavor)
    {
        var parts = flavor.Split('+');
        var options = new FakeThreeXUiOptions
        {
            Generation = parts[0] switch
            {
                "v2.8.3" => FakeThreeXUiGeneration.V2_8_3,
                "v2.8.4" => FakeThreeXUiGeneration.V2_8_4,
                "v3.0" => FakeThreeXUiGeneration.V3_0,
                "v3.1" => FakeThreeXUiGeneration.V3_1,
                _ => throw new ArgumentException(flavor),
            },
        };
        if (parts.Contains("token")) options.ApiToken = "api-token-" + Guid.NewGuid().ToString("N");
        if (parts.Contains("nested")) options.NestedJsonFields = true;
        if (parts.Contains("basepath")) options.BasePath = "/Xk3p9q/";
        return options;
    }

    private static ProvisionRequest Request(string name = "tg123456789_s42_vless", string remark = "Germany 1 · user@42 🚀 Привет") =>
        new(name, 123456789, 42, Expiry, 50L * 1024 * 1024 * 1024, 3, remark);

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Create_adds_one_client_with_the_requested_limits_and_a_link_built_from_the_reality_inbound(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);

        var created = await host.Provider("vless:3xui").CreateAsync(server, Request(), default);

        var client = Assert.Single(panel.Clients);
        Assert.Equal("tg123456789_s42_vless", client["email"]!.GetValue<string>());
        Assert.Equal("xtls-rprx-vision", client["flow"]!.GetValue<string>());
        Assert.Equal(Expiry.ToUnixTimeMilliseconds(), client["expiryTime"]!.GetValue<long>());
        Assert.Equal(50L * 1024 * 1024 * 1024, client["totalGB"]!.GetValue<long>());
        Assert.Equal(3, client["limitIp"]!.GetValue<int>());
        Assert.Equal(123456789L, client["tgId"]!.GetValue<long>());
        Assert.True(client["enable"]!.GetValue<bool>());
        var subId = client["subId"]!.GetValue<string>();
        Assert.Equal(16, subId.Length);

        var link = VlessLink.Parse(created.ConnectionString);
        Assert.Equal(client["id"]!.GetValue<string>(), link.Id);
        Assert.True(Guid.TryParse(link.Id, out _));
        Assert.Equal("de1.vpn.example", link.Host);
        Assert.Equal(443, link.Port);
        Assert.Equal("tcp", link.Type);
        Assert.Equal("reality", link.Security);
        Assert.Equal("none", link.Encryption);
        Assert.Equal("xtls-rprx-vision", link.Flow);
        Assert.Equal(panel.Options.RealityPublicKey, link.PublicKey);
        Assert.Equal("6ba85179e30d4fc2", link.ShortId);
        Assert.Equal("www.apple.com", link.ServerName);
        Assert.Equal("chrome", link.Fingerprint);
        Assert.Equal("/", link.SpiderX);
        Assert.Equal("Germany 1 · user@42 🚀 Привет", link.Remark);
        Assert.Equal(created.ConnectionString, created.QrCodeData);
        Assert.Contains("spx=%2F", created.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("#Germany%201%20", created.ConnectionString, StringComparison.Ordinal);

        // The panel's own subscription server serves the same client with the same parameters.
        Assert.Equal(panel.SubscriptionBaseUrl + subId, created.SubscriptionUrl);
        using var http = new HttpClient();
        var body = Encoding.UTF8.GetString(Convert.FromBase64String(await http.GetStringAsync(created.SubscriptionUrl)));
        var panelLink = VlessLink.Parse(body.Split('\n').Single());
        Assert.Equal(panelLink.Id, link.Id);
        Assert.Equal(panelLink.Port, link.Port);
        Assert.Equal(panelLink.Query, link.Query);
    }

    [Fact]
    public async Task Render_gives_the_stored_link_a_qr_code_and_the_subscription_url()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);
        var calls = panel.TotalCalls;

        var shown = provider.Render(server, config);

        Assert.Equal(Core.VpnProtocol.Vless, shown.Protocol);
        Assert.Equal(config.ConnectionString, shown.Link);
        Assert.Equal(config.SubscriptionUrl, shown.SubscriptionUrl);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, shown.QrPng![..4]);
        Assert.Null(shown.FileContent);
        Assert.Equal(calls, panel.TotalCalls); // rendered from what is stored, never regenerated
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Creating_the_same_client_again_reuses_it_instead_of_adding_a_second(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");

        var first = await provider.CreateAsync(server, Request(), default);
        var second = await provider.CreateAsync(server, Request(), default);

        Assert.Single(panel.Clients);
        Assert.Equal(first.ConnectionString, second.ConnectionString);
        Assert.Equal(first.ConfigData, second.ConfigData);
        var addRoute = panel.Generation == FakeThreeXUiGeneration.V3_1 ? "POST /panel/api/clients/add" : "POST /panel/api/inbounds/addClient";
        Assert.Equal(1, panel.Calls(addRoute));
    }

    [Theory]
    [InlineData("v2.8.4")]
    [InlineData("v3.1")]
    public async Task Concurrent_creates_of_one_client_leave_one_client_and_agree_on_it(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => provider.CreateAsync(server, Request(), default)));

        var client = Assert.Single(panel.Clients);
        Assert.All(results, r => Assert.Equal(client["id"]!.GetValue<string>(), VlessLink.Parse(r.ConnectionString).Id));
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Limits_update_replaces_the_client_and_keeps_its_identity(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);
        var before = panel.Clients.Single();

        var newExpiry = Expiry.AddDays(30);
        await provider.UpdateLimitsAsync(server, config, new ClientLimits(newExpiry, null, 5, Enabled: true), default);

        var after = panel.Clients.Single();
        Assert.Equal(newExpiry.ToUnixTimeMilliseconds(), after["expiryTime"]!.GetValue<long>());
        Assert.Equal(0, after["totalGB"]!.GetValue<long>());
        Assert.Equal(5, after["limitIp"]!.GetValue<int>());
        foreach (var field in new[] { "id", "email", "subId", "flow", "comment" })
            Assert.Equal(before[field]!.GetValue<string>(), after[field]!.GetValue<string>());
        Assert.Equal(before["tgId"]!.GetValue<long>(), after["tgId"]!.GetValue<long>());
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Disable_and_enable_flip_the_client(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);

        await provider.SetEnabledAsync(server, config, false, default);
        Assert.False(panel.Clients.Single()["enable"]!.GetValue<bool>());
        await provider.SetEnabledAsync(server, config, true, default);
        Assert.True(panel.Clients.Single()["enable"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Delete_removes_the_client_and_a_second_delete_is_harmless(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);
        await provider.CreateAsync(server, Request("tg1_s2_vless"), default);

        await provider.DeleteAsync(server, config, default);
        await provider.DeleteAsync(server, config, default);

        Assert.Equal("tg1_s2_vless", Assert.Single(panel.Clients)["email"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Usage_reports_traffic_last_seen_and_online_state(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);
        var seen = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

        var idle = await provider.GetUsageAsync(server, config, default);
        panel.SetTraffic("tg123456789_s42_vless", 1_048_576, 73_400_320, seen);
        panel.SetOnline("tg123456789_s42_vless", "someone-else");
        var busy = await provider.GetUsageAsync(server, config, default);

        Assert.Equal(new ClientUsage(0, 0, null, false), idle);
        Assert.Equal(new ClientUsage(1_048_576, 73_400_320, seen, true), busy);

        // The batch read: one onlines call for the lot, null for a client the panel no longer has.
        var gone = new VpnConfig { ServerId = server.Id, Protocol = Core.VpnProtocol.Vless, ExternalName = "tg1_gone", ConfigData = "{}" };
        var onlinesBefore = panel.CallsByRoute.Where(r => r.Key.EndsWith("onlines", StringComparison.Ordinal)).Sum(r => r.Value);
        var both = await provider.GetUsagesAsync(server, [config, gone], default);
        Assert.Equal([busy, null], both);
        Assert.Equal(onlinesBefore + 1, panel.CallsByRoute.Where(r => r.Key.EndsWith("onlines", StringComparison.Ordinal)).Sum(r => r.Value));
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public async Task Reset_zeroes_the_clients_traffic_counters_on_every_generation(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);
        panel.SetTraffic("tg123456789_s42_vless", 20_000_000_000, 33_000_000_000, null);

        await provider.ResetTrafficAsync(server, config, default);

        var usage = await provider.GetUsageAsync(server, config, default);
        Assert.Equal((0L, 0L), (usage!.UploadBytes, usage.DownloadBytes));
        Assert.Equal(1, panel.TrafficResets);
    }

    [Theory]
    [InlineData("v2.8.4")]
    [InlineData("v3.1")]
    public async Task Resetting_a_client_the_panel_no_longer_has_is_a_rejected_backend_call(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);
        panel.RemoveClient("tg123456789_s42_vless");

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => provider.ResetTrafficAsync(server, config, default));
        Assert.Contains("reset", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v2.8.3")]
    [InlineData("v2.8.4")]
    [InlineData("v3.0")]
    [InlineData("v3.1")]
    public async Task An_expired_session_is_replaced_by_a_fresh_login(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);
        Assert.Equal(1, panel.Logins);

        panel.ExpireAllSessions();
        await provider.SetEnabledAsync(server, config, false, default);

        Assert.Equal(2, panel.Logins);
        Assert.False(panel.Clients.Single()["enable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_panel_that_hides_its_api_behind_404_gets_a_new_login_not_a_route_error()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V2_8_4 });
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        await provider.CreateAsync(server, Request(), default);
        panel.ExpireAllSessions();
        panel.ResetCalls();

        await provider.CreateAsync(server, Request("tg5_s6_vless"), default);

        // The stale session's lookup answered 404; one login, the same lookup again, then the add.
        Assert.Equal(1, panel.Calls("POST /login"));
        Assert.Equal(2, panel.Calls("GET /panel/api/inbounds/getClientTraffics/{email}"));
        Assert.Equal(1, panel.Calls("POST /panel/api/inbounds/addClient"));
        Assert.Equal(2, panel.Clients.Count);
    }

    [Theory]
    [InlineData("v2.8.4")]
    [InlineData("v3.1")]
    public async Task Purchases_read_the_whole_inbound_once_not_per_client(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");

        var links = new List<string>();
        for (var i = 0; i < 4; i++) links.Add((await provider.CreateAsync(server, Request($"tg{i}_s{i}_vless"), default)).ConnectionString);

        Assert.Equal(1, panel.Calls("GET /panel/api/inbounds/get/{id}"));
        Assert.Equal(4, panel.Clients.Count);
        Assert.All(links, l => Assert.Equal(panel.Options.RealityPublicKey, VlessLink.Parse(l).PublicKey));
    }

    [Theory]
    [InlineData("v3.0+token")]
    [InlineData("v3.1+token")]
    public async Task An_api_token_needs_no_login_and_no_csrf(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);

        await host.Provider("vless:3xui").CreateAsync(server, Request(), default);

        Assert.Equal(0, panel.Calls("POST /login"));
        Assert.Equal(0, panel.Calls("GET /csrf-token"));
        Assert.Single(panel.Clients);
    }

    [Fact]
    public async Task A_panel_upgraded_from_v3_0_to_v3_1_is_detected_again()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V3_0 });
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);

        panel.Options.Generation = FakeThreeXUiGeneration.V3_1; // classic client routes are gone now
        await provider.SetEnabledAsync(server, config, false, default);

        Assert.False(panel.Clients.Single()["enable"]!.GetValue<bool>());
        Assert.Equal(1, panel.Calls("POST /panel/api/clients/update/{email}"));
    }

    [Fact]
    public async Task Wrong_password_is_unauthorized()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V3_0 });
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel, s => s["password"] = PanelTestHost.Secrets.Protect("not-the-password"));

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:3xui").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Unauthorized, e.Error);
        Assert.Empty(panel.Clients);
    }

    [Theory]
    [InlineData("v2.8.4+basepath")]
    [InlineData("v3.1+basepath")]
    public async Task A_url_without_the_web_base_path_is_reported_as_misconfigured(string flavor)
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(OptionsFor(flavor));
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel, s => s["url"] = $"http://127.0.0.1:{panel.Port}/");

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:3xui").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
        Assert.Contains("base path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_inbound_is_reported_as_misconfigured()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel, s => s["inboundId"] = 99);

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:3xui").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
        Assert.Contains("99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forcing_v2_against_a_v3_1_panel_fails_with_a_typed_error()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V3_1 });
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel, s => s["apiVersion"] = "v2");

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:3xui").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Unauthorized, e.Error); // v3 demands a CSRF token for the login
    }

    [Fact]
    public async Task A_panel_that_is_down_fails_fast_as_unreachable()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        await panel.StopListeningAsync();

        var started = TimeProvider.System.GetTimestamp();
        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:3xui").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Unreachable, e.Error);
        Assert.True(e.IsTransient);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_panel_answering_503_is_retried_then_reported_unreachable_and_works_once_back()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel);
        var provider = host.Provider("vless:3xui");
        panel.Unavailable = true;

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => provider.CreateAsync(server, Request(), default));
        Assert.Equal(VpnBackendError.Unreachable, e.Error);
        Assert.Equal(3, panel.TotalCalls); // first attempt + 2 retries

        panel.Unavailable = false;
        await provider.CreateAsync(server, Request(), default);
        Assert.Single(panel.Clients);
    }

    [Fact]
    public async Task Retries_and_timeouts_run_on_the_wall_clock_even_when_the_app_clock_is_fake()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        await using var host = new PanelTestHost(new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        var server = PanelTestHost.ThreeXUiServer(panel);
        panel.Unavailable = true;

        var started = TimeProvider.System.GetTimestamp();
        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:3xui").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Unreachable, e.Error);
        Assert.Equal(3, panel.TotalCalls);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_hung_panel_times_out()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        await using var host = new PanelTestHost(settings: new() { ["Vpn:Panels:Timeout"] = "00:00:01", ["Vpn:Panels:AttemptTimeout"] = "00:00:00.400" });
        var server = PanelTestHost.ThreeXUiServer(panel);
        panel.Delay = TimeSpan.FromSeconds(30);

        var started = TimeProvider.System.GetTimestamp();
        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:3xui").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Timeout, e.Error);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Settings_without_an_encrypted_password_are_misconfigured_and_nothing_is_called()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync();
        await using var host = new PanelTestHost();
        var server = PanelTestHost.ThreeXUiServer(panel, s => s["password"] = panel.Options.Password);

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => host.Provider("vless:3xui").CreateAsync(server, Request(), default));

        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
        Assert.DoesNotContain(panel.Options.Password, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, panel.TotalCalls);
    }

    [Fact]
    public async Task Secrets_never_reach_the_log()
    {
        await using var panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V3_1 });
        await using var tokenPanel = await FakeThreeXUiPanel.StartAsync(OptionsFor("v3.0+token"));
        await using var host = new PanelTestHost();
        var provider = host.Provider("vless:3xui");
        var server = PanelTestHost.ThreeXUiServer(panel);
        var tokenServer = PanelTestHost.ThreeXUiServer(tokenPanel);

        var config = ConfigFrom(await provider.CreateAsync(server, Request(), default), server);
        panel.ExpireAllSessions();
        await provider.UpdateLimitsAsync(server, config, new ClientLimits(Expiry, null, 1, false), default);
        await provider.CreateAsync(tokenServer, Request(), default);
        await Assert.ThrowsAsync<VpnBackendException>(() =>
            provider.CreateAsync(PanelTestHost.ThreeXUiServer(panel, s => s["password"] = PanelTestHost.Secrets.Protect("wrong-but-secret")), Request(), default));

        var log = host.Logs.All;
        Assert.NotEmpty(host.Logs.Lines);
        Assert.Contains("logged in", log, StringComparison.Ordinal);
        Assert.DoesNotContain(panel.Options.Password, log, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-but-secret", log, StringComparison.Ordinal);
        Assert.DoesNotContain(tokenPanel.Options.ApiToken!, log, StringComparison.Ordinal);
        Assert.NotEmpty(panel.IssuedSecrets);
        foreach (var secret in panel.IssuedSecrets) Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
    }

    internal static VpnConfig ConfigFrom(ProvisionedConfig created, Server server) => new()
    {
        ServerId = server.Id,
        Protocol = Core.VpnProtocol.Vless,
        ExternalName = JsonNode.Parse(created.ConfigData)!["email"]!.GetValue<string>(),
        ConfigData = created.ConfigData,
        ConnectionString = created.ConnectionString,
        QrCodeData = created.QrCodeData,
        SubscriptionUrl = created.SubscriptionUrl,
    };
}
