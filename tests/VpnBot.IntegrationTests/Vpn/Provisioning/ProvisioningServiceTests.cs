using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Panels;
using VpnBot.Vpn.Panels;

namespace VpnBot.IntegrationTests.Vpn.Provisioning;

public class ProvisioningServiceTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ProvisioningTestHost _host = null!;
    private FakeThreeXUiPanel _panel = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = new ProvisioningTestHost(_database);
        _panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V3_1 });
    }

    public async Task DisposeAsync()
    {
        await _panel.DisposeAsync();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_russian_speaker_gets_a_vless_config_stored_with_everything_the_bot_shows()
    {
        var server = await _host.AddServerAsync(_panel, primary: VpnProtocol.WireGuard);
        var subscription = await _host.AddSubscriptionAsync(server.Id, language: "ru");

        var result = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        Assert.Null(result.FellBackFrom);
        var config = await _host.QueryAsync(db => db.VpnConfigs.SingleAsync());
        Assert.Equal(VpnProtocol.Vless, config.Protocol);
        Assert.True(config.IsActive);
        var telegramId = await _host.QueryAsync(db => db.Users.Select(u => u.TelegramId).SingleAsync());
        Assert.Equal($"tg{telegramId}_s{subscription.Id}_vless", config.ExternalName);
        var link = VlessLink.Parse(config.ConnectionString!);
        var client = Assert.Single(_panel.Clients);
        Assert.Equal(config.ExternalName, client["email"]!.GetValue<string>());
        Assert.Equal(client["id"]!.GetValue<string>(), link.Id);
        Assert.Equal($"{server.Name}.vpn.example", link.Host);
        Assert.Equal("Germany Frankfurt #" + subscription.Id, link.Remark);
        Assert.Equal(subscription.ExpiresAt!.Value.ToUnixTimeMilliseconds(), client["expiryTime"]!.GetValue<long>());
        Assert.Equal(50L << 30, client["totalGB"]!.GetValue<long>());
        Assert.Equal(2, client["limitIp"]!.GetValue<int>());
        Assert.Equal(config.ConnectionString, config.QrCodeData);
        Assert.Equal(_panel.SubscriptionBaseUrl + client["subId"]!.GetValue<string>(), config.SubscriptionUrl);
        Assert.Equal(client["id"]!.GetValue<string>(), JsonNode.Parse(config.ConfigData)!["clientId"]!.GetValue<string>());

        Assert.Equal(1, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
        Assert.Equal(VpnProtocol.Vless, await _host.QueryAsync(db => db.Subscriptions.Select(s => s.ActiveProtocol).SingleAsync()));
        Assert.Contains("Provisioned Vless config", _host.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(_panel.Options.Password, _host.Logs.All, StringComparison.Ordinal);
        foreach (var secret in _panel.IssuedSecrets) Assert.DoesNotContain(secret, _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_english_speaker_gets_the_servers_primary_protocol()
    {
        var server = await _host.AddServerAsync(_panel, primary: VpnProtocol.WireGuard);
        var subscription = await _host.AddSubscriptionAsync(server.Id, language: "en");

        var result = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        Assert.Equal(VpnProtocol.WireGuard, result.Config.Protocol);
        Assert.Null(result.FellBackFrom);
        Assert.Empty(_panel.Clients);
        Assert.Single(_host.WireGuard.Clients);
    }

    [Fact]
    public async Task Provisioning_again_returns_the_same_config_and_counts_the_user_once()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);

        var first = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));
        var second = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        Assert.Equal(first.Config.Id, second.Config.Id);
        Assert.Single(_panel.Clients);
        Assert.Equal(1, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
    }

    [Fact]
    public async Task When_the_vless_panel_is_down_the_next_protocol_is_used_and_the_reason_reported()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id, language: "ru");
        await _panel.StopListeningAsync();

        var result = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        Assert.Equal(VpnProtocol.WireGuard, result.Config.Protocol);
        Assert.Equal(VpnProtocol.Vless, result.FellBackFrom);
        Assert.True(result.FallbackReason?.Contains("unreachable", StringComparison.OrdinalIgnoreCase), result.FallbackReason);
        Assert.EndsWith("_wireguard", result.Config.ExternalName, StringComparison.Ordinal);
        Assert.True(_host.WireGuard.Clients.ContainsKey(result.Config.ExternalName));
        Assert.Contains("got WireGuard instead of Vless", _host.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(_panel.Options.Password, _host.Logs.All, StringComparison.Ordinal);
        Assert.Equal(VpnProtocol.WireGuard, await _host.QueryAsync(db => db.Subscriptions.Select(s => s.ActiveProtocol).SingleAsync()));
    }

    [Fact]
    public async Task When_every_backend_is_down_nothing_is_stored_and_the_error_is_transient()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        await _panel.StopListeningAsync();
        _host.WireGuard.Down = true;

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default)));

        Assert.True(e.IsTransient);
        Assert.Contains("3X-UI", e.Message, StringComparison.Ordinal); // the preferred protocol's failure
        Assert.Equal(0, await _host.QueryAsync(db => db.VpnConfigs.CountAsync()));
        Assert.Equal(0, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
    }

    [Fact]
    public async Task A_subscription_that_is_not_active_gets_no_config()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id, status: SubscriptionStatus.Expired);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default)));

        Assert.Equal(0, _panel.TotalCalls);
    }

    [Fact]
    public async Task A_subscription_without_a_server_is_placed_on_the_least_loaded_one()
    {
        await using var busyPanel = await FakeThreeXUiPanel.StartAsync();
        var busy = await _host.AddServerAsync(busyPanel, maxUsers: 10);
        var quiet = await _host.AddServerAsync(_panel, maxUsers: 10);
        await _host.QueryAsync(db => db.Servers.Where(s => s.Id == busy.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.CurrentUsers, 7)));
        var subscription = await _host.AddSubscriptionAsync(serverId: null);

        var result = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        Assert.Equal(quiet.Id, result.Config.ServerId);
        Assert.Equal(quiet.Id, await _host.QueryAsync(db => db.Subscriptions.Select(s => s.ServerId).SingleAsync()));
    }

    [Theory]
    [InlineData("disabled")]
    [InlineData("full")]
    public async Task A_subscription_on_a_server_out_of_rotation_is_placed_on_another_one_as_if_it_had_none(string why)
    {
        await using var closedPanel = await FakeThreeXUiPanel.StartAsync();
        var closed = await _host.AddServerAsync(closedPanel, maxUsers: 10);
        var open = await _host.AddServerAsync(_panel, maxUsers: 10);
        await _host.QueryAsync(db => db.Servers.Where(s => s.Id == closed.Id).ExecuteUpdateAsync(u =>
        {
            if (why == "disabled") u.SetProperty(s => s.IsEnabled, false);
            else u.SetProperty(s => s.CurrentUsers, 10);
        }));
        var subscription = await _host.AddSubscriptionAsync(closed.Id);

        var result = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        Assert.Equal(open.Id, result.Config.ServerId);
        Assert.Equal(open.Id, await _host.QueryAsync(db => db.Subscriptions.Select(s => s.ServerId).SingleAsync()));
        Assert.Empty(closedPanel.Clients);
        Assert.Single(_panel.Clients);
        Assert.Contains("takes no new users", _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_no_server_takes_new_users_nothing_is_stored_and_the_error_says_so()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        await _host.QueryAsync(db => db.Servers.ExecuteUpdateAsync(u => u.SetProperty(s => s.IsEnabled, false)));

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default)));

        Assert.Contains("room", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _panel.TotalCalls);
        Assert.Equal(0, await _host.QueryAsync(db => db.VpnConfigs.CountAsync()));
    }

    [Fact]
    public async Task Reissue_on_a_server_the_subscription_fills_keeps_it_there()
    {
        var server = await _host.AddServerAsync(_panel, maxUsers: 1);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        var first = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        var second = await _host.RunAsync(p => p.ReissueAsync(first.Config.Id, null, null, default));

        Assert.Equal(server.Id, second.Config.ServerId);
        Assert.Equal(1, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
    }

    [Fact]
    public async Task Reissue_onto_a_disabled_server_changes_nothing()
    {
        await using var otherPanel = await FakeThreeXUiPanel.StartAsync();
        var server = await _host.AddServerAsync(_panel);
        var other = await _host.AddServerAsync(otherPanel);
        await _host.QueryAsync(db => db.Servers.Where(s => s.Id == other.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.IsEnabled, false)));
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        var first = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.RunAsync(p => p.ReissueAsync(first.Config.Id, null, other.Id, default)));

        Assert.Single(_panel.Clients);
        Assert.Equal(0, otherPanel.TotalCalls);
        Assert.True(await _host.QueryAsync(db => db.VpnConfigs.Select(c => c.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task Concurrent_purchases_on_one_server_are_all_counted()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscriptions = new List<Subscription>();
        for (var i = 0; i < 12; i++) subscriptions.Add(await _host.AddSubscriptionAsync(server.Id));

        await Task.WhenAll(subscriptions.Select(s => _host.RunAsync(p => p.ProvisionAsync(s.Id, default))));

        Assert.Equal(12, _panel.Clients.Count);
        Assert.Equal(12, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
        Assert.Equal(12, await _host.QueryAsync(db => db.VpnConfigs.CountAsync(c => c.IsActive)));
    }

    [Fact]
    public async Task A_wrong_user_count_is_corrected_by_the_next_purchase()
    {
        var server = await _host.AddServerAsync(_panel);
        var first = await _host.AddSubscriptionAsync(server.Id);
        await _host.RunAsync(p => p.ProvisionAsync(first.Id, default));
        // e.g. a crash between the config's commit and the count's
        await _host.QueryAsync(db => db.Servers.ExecuteUpdateAsync(u => u.SetProperty(s => s.CurrentUsers, 40)));
        var second = await _host.AddSubscriptionAsync(server.Id);

        await _host.RunAsync(p => p.ProvisionAsync(second.Id, default));

        Assert.Equal(2, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
    }

    [Fact]
    public async Task Concurrent_provisioning_of_one_subscription_makes_one_config()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default))));

        Assert.Single(results.Select(r => r.Config.Id).Distinct());
        Assert.Single(_panel.Clients);
        Assert.Equal(1, await _host.QueryAsync(db => db.VpnConfigs.CountAsync()));
        Assert.Equal(1, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
    }

    [Fact]
    public async Task A_payment_landing_while_the_backend_works_is_kept()
    {
        var server = await _host.AddServerAsync(_panel, primary: VpnProtocol.WireGuard);
        var subscription = await _host.AddSubscriptionAsync(server.Id, language: "en");
        _host.WireGuard.DuringCreate = _ => Change(subscription.Id, s => s.Extend(30, _host.Time.GetUtcNow()));

        var result = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        var stored = await _host.QueryAsync(db => db.Subscriptions.SingleAsync());
        Assert.Equal(ProvisioningTestHost.Start.AddDays(60), stored.ExpiresAt);
        Assert.Equal(VpnProtocol.WireGuard, stored.ActiveProtocol);
        Assert.Equal(VpnProtocol.WireGuard, result.Config.Protocol);
    }

    [Fact]
    public async Task Sync_mirrors_suspension_extension_and_limits_to_the_panel()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        await Change(subscription.Id, s => s.Suspend(_host.Time.GetUtcNow()));
        await _host.RunAsync(p => p.SyncAsync(subscription.Id, default));
        Assert.False(_panel.Clients.Single()["enable"]!.GetValue<bool>());

        await Change(subscription.Id, s =>
        {
            s.Resume(_host.Time.GetUtcNow());
            s.Extend(30, _host.Time.GetUtcNow());
            s.TrafficLimitGb = null;
            s.DeviceLimit = 4;
        });
        await _host.RunAsync(p => p.SyncAsync(subscription.Id, default));
        var client = _panel.Clients.Single();
        Assert.True(client["enable"]!.GetValue<bool>());
        Assert.Equal(ProvisioningTestHost.Start.AddDays(60).ToUnixTimeMilliseconds(), client["expiryTime"]!.GetValue<long>());
        Assert.Equal(0, client["totalGB"]!.GetValue<long>());
        Assert.Equal(4, client["limitIp"]!.GetValue<int>());

        _host.Time.Advance(TimeSpan.FromDays(61)); // lapsed, not yet marked expired: still off on the panel
        await _host.RunAsync(p => p.SyncAsync(subscription.Id, default));
        Assert.False(_panel.Clients.Single()["enable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_new_paid_period_resets_the_panels_traffic_counter_once_and_only_then()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id, trafficGb: 50);
        await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));
        var email = _panel.Clients.Single()["email"]!.GetValue<string>();
        _panel.SetTraffic(email, 5_000_000_000, 48_000_000_000, null);

        // Same period (a suspension, a limit change): the month's usage stands.
        await _host.RunAsync(p => p.SyncAsync(subscription.Id, default));
        Assert.Equal(0, _panel.TrafficResets);

        // Renewal: the new month brings the whole 50 GB, not the 3 GB that were left.
        _host.Time.Advance(TimeSpan.FromDays(25));
        var renewedAt = _host.Time.GetUtcNow();
        await Change(subscription.Id, s => { s.Extend(30, renewedAt); s.TrafficPeriodStartedAt = renewedAt; });
        _panel.Unavailable = true;
        await Assert.ThrowsAsync<VpnBackendException>(() => _host.RunAsync(p => p.SyncAsync(subscription.Id, default)));
        Assert.Null(await _host.QueryAsync(db => db.VpnConfigs.Select(c => c.TrafficResetFor).SingleAsync()));
        _panel.Unavailable = false;
        await _host.RunAsync(p => p.SyncAsync(subscription.Id, default));
        await _host.RunAsync(p => p.SyncAsync(subscription.Id, default));

        Assert.Equal(1, _panel.TrafficResets);
        Assert.Equal((0L, 0L), (_panel.Traffic(email)!["up"]!.GetValue<long>(), _panel.Traffic(email)!["down"]!.GetValue<long>()));
        Assert.Equal(renewedAt, await _host.QueryAsync(db => db.VpnConfigs.Select(c => c.TrafficResetFor).SingleAsync()));
        Assert.True(_panel.Clients.Single()["enable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_banned_customers_key_is_switched_off_by_the_sync_and_back_on_after_the_unban()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        await SetBannedAsync(subscription.UserId, true);
        await _host.RunAsync(p => p.SyncAsync(subscription.Id, default));
        Assert.False(_panel.Clients.Single()["enable"]!.GetValue<bool>());

        await SetBannedAsync(subscription.UserId, false);
        await _host.RunAsync(p => p.SyncAsync(subscription.Id, default));
        Assert.True(_panel.Clients.Single()["enable"]!.GetValue<bool>());
    }

    private Task SetBannedAsync(long userId, bool banned) =>
        _host.QueryAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsBanned, banned)));

    [Fact]
    public async Task Revoke_deletes_on_the_panel_marks_the_config_and_frees_the_slot_once()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        var created = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        await _host.RunAsync(p => p.RevokeAsync(created.Config.Id, default));
        await _host.RunAsync(p => p.RevokeAsync(created.Config.Id, default));

        Assert.Empty(_panel.Clients);
        var config = await _host.QueryAsync(db => db.VpnConfigs.SingleAsync());
        Assert.False(config.IsActive);
        Assert.Equal(_host.Time.GetUtcNow(), config.RevokedAt);
        Assert.Equal(0, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
    }

    [Fact]
    public async Task Revoke_while_the_panel_is_down_changes_nothing()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        var created = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));
        _panel.Unavailable = true;

        var e = await Assert.ThrowsAsync<VpnBackendException>(() => _host.RunAsync(p => p.RevokeAsync(created.Config.Id, default)));

        Assert.True(e.IsTransient);
        Assert.True(await _host.QueryAsync(db => db.VpnConfigs.Select(c => c.IsActive).SingleAsync()));
        Assert.Equal(1, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
    }

    [Fact]
    public async Task Reissue_on_the_same_protocol_replaces_the_client_with_a_new_identity()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        var first = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        var second = await _host.RunAsync(p => p.ReissueAsync(first.Config.Id, null, null, default));

        Assert.NotEqual(first.Config.Id, second.Config.Id);
        Assert.Equal(VpnProtocol.Vless, second.Config.Protocol);
        Assert.Equal(first.Config.ExternalName + "_r1", second.Config.ExternalName);
        Assert.NotEqual(VlessLink.Parse(first.Config.ConnectionString!).Id, VlessLink.Parse(second.Config.ConnectionString!).Id);
        Assert.Equal(second.Config.ExternalName, Assert.Single(_panel.Clients)["email"]!.GetValue<string>());
        Assert.Equal(1, await _host.QueryAsync(db => db.Servers.Select(s => s.CurrentUsers).SingleAsync()));
    }

    [Fact]
    public async Task Reissue_onto_another_server_and_protocol_moves_the_subscription()
    {
        await using var otherPanel = await FakeThreeXUiPanel.StartAsync();
        var server = await _host.AddServerAsync(_panel);
        var other = await _host.AddServerAsync(otherPanel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        var first = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        var moved = await _host.RunAsync(p => p.ReissueAsync(first.Config.Id, VpnProtocol.WireGuard, other.Id, default));

        Assert.Equal(other.Id, moved.Config.ServerId);
        Assert.Equal(VpnProtocol.WireGuard, moved.Config.Protocol);
        Assert.Empty(_panel.Clients);
        Assert.Equal(other.Id, await _host.QueryAsync(db => db.Subscriptions.Select(s => s.ServerId).SingleAsync()));
        var counts = await _host.QueryAsync(db => db.Servers.ToDictionaryAsync(s => s.Id, s => s.CurrentUsers));
        Assert.Equal(0, counts[server.Id]);
        Assert.Equal(1, counts[other.Id]);
    }

    [Fact]
    public async Task Reissue_onto_a_missing_server_changes_nothing()
    {
        var server = await _host.AddServerAsync(_panel);
        var subscription = await _host.AddSubscriptionAsync(server.Id);
        var first = await _host.RunAsync(p => p.ProvisionAsync(subscription.Id, default));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.RunAsync(p => p.ReissueAsync(first.Config.Id, null, 999_999, default)));

        Assert.Single(_panel.Clients);
        Assert.True(await _host.QueryAsync(db => db.VpnConfigs.Select(c => c.IsActive).SingleAsync()));
    }

    private async Task Change(long subscriptionId, Action<Subscription> change)
    {
        await using var db = _database.CreateContext();
        var subscription = await db.Subscriptions.SingleAsync(s => s.Id == subscriptionId);
        change(subscription);
        await db.SaveChangesAsync();
    }
}
