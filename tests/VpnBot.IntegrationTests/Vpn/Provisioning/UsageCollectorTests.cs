using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Panels;

namespace VpnBot.IntegrationTests.Vpn.Provisioning;

/// <summary>Usage collection against the fake 3X-UI panel (real provider) and the WireGuard stand-in, on real PostgreSQL.</summary>
public class UsageCollectorTests : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private const long GiB = 1024 * MiB;
    private TestDatabase _database = null!;
    private ProvisioningTestHost _host = null!;
    private FakeThreeXUiPanel _panel = null!;
    private FakeThreeXUiPanel _otherPanel = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = new ProvisioningTestHost(_database);
        _panel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V3_1 });
        _otherPanel = await FakeThreeXUiPanel.StartAsync(new FakeThreeXUiOptions { Generation = FakeThreeXUiGeneration.V2_8_4 });
    }

    public async Task DisposeAsync()
    {
        await _panel.DisposeAsync();
        await _otherPanel.DisposeAsync();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Used_traffic_accumulates_per_period_across_resets_and_small_amounts_are_not_rounded_away()
    {
        var (vless, wireGuard) = await TwoCustomersAsync();
        var seen = ProvisioningTestHost.Start.AddMinutes(-3);
        _panel.SetTraffic(vless.Email, 1 * GiB, 2 * GiB, seen);
        _panel.SetOnline(vless.Email);
        _host.WireGuard.Usage[wireGuard.Name] = new ClientUsage(100 * MiB, 412 * MiB, null, false);

        var report = await CollectAsync();

        Assert.Equal(new UsageReport(2, 0, 2, 0), report);
        Assert.Equal(3.000m, await UsedGbAsync(vless.SubscriptionId));
        Assert.Equal(0.500m, await UsedGbAsync(wireGuard.SubscriptionId));
        Assert.Equal(seen, await _host.QueryAsync(db => db.VpnConfigs.Where(c => c.SubscriptionId == vless.SubscriptionId).Select(c => c.LastUsed).SingleAsync()));
        var stats = await _host.QueryAsync(db => db.ServerStats.OrderBy(s => s.ServerId).ToListAsync());
        Assert.Equal([(1, 3.000m), (0, 0.500m)], stats.Select(s => (s.ActiveConnections, s.TotalTrafficGb)));
        Assert.All(stats, s => Assert.Null(s.CpuUsage));

        // More traffic: only the difference is added.
        _panel.SetTraffic(vless.Email, 1 * GiB, 2 * GiB + 256 * MiB, seen);
        // A quiet phone: 300 KiB, then 900 KiB more; the first is below the column's scale and must not be lost.
        _host.WireGuard.Usage[wireGuard.Name] = new ClientUsage(100 * MiB, 412 * MiB + 300 * 1024, null, false);
        await CollectAsync();
        _host.WireGuard.Usage[wireGuard.Name] = new ClientUsage(100 * MiB, 412 * MiB + 1200 * 1024, null, false);
        await CollectAsync();
        Assert.Equal(3.250m, await UsedGbAsync(vless.SubscriptionId));
        Assert.Equal(0.501m, await UsedGbAsync(wireGuard.SubscriptionId));

        // The panel's counter was reset (a new period's sync, or by hand): what it shows now is all new.
        _panel.SetTraffic(vless.Email, 0, 100 * MiB, seen);
        await CollectAsync();
        Assert.Equal(3.347m, await UsedGbAsync(vless.SubscriptionId));
    }

    [Fact]
    public async Task A_server_that_is_down_is_skipped_without_writes_and_the_others_are_collected()
    {
        var (vless, wireGuard) = await TwoCustomersAsync();
        _panel.SetTraffic(vless.Email, 0, 2 * GiB, null);
        _host.WireGuard.Usage[wireGuard.Name] = new ClientUsage(0, 1 * GiB, null, true);
        _panel.Unavailable = true;

        var report = await CollectAsync();

        Assert.Equal(new UsageReport(2, 1, 1, 0), report);
        Assert.Equal(0m, await UsedGbAsync(vless.SubscriptionId));
        Assert.Equal(1m, await UsedGbAsync(wireGuard.SubscriptionId));
        Assert.Equal(1, await _host.QueryAsync(db => db.ServerStats.CountAsync()));
        Assert.Contains(_host.Logs.Lines, m => m.Contains("could not be collected", StringComparison.Ordinal));

        _panel.Unavailable = false;
        await CollectAsync();
        Assert.Equal(2m, await UsedGbAsync(vless.SubscriptionId));
        Assert.Equal(1m, await UsedGbAsync(wireGuard.SubscriptionId));
    }

    [Fact]
    public async Task A_client_deleted_on_the_panel_is_counted_as_missing_and_changes_nothing()
    {
        var (vless, wireGuard) = await TwoCustomersAsync();
        _host.WireGuard.Usage[wireGuard.Name] = new ClientUsage(0, 0, null, false);
        _panel.RemoveClient(vless.Email);

        var report = await CollectAsync();

        Assert.Equal(1, report.ConfigsMissing);
        Assert.Equal(0m, await UsedGbAsync(vless.SubscriptionId));
        Assert.Null(await _host.QueryAsync(db => db.VpnConfigs.Where(c => c.SubscriptionId == vless.SubscriptionId).Select(c => c.UsageCounterBytes).SingleAsync()));
    }

    [Fact]
    public async Task Used_up_traffic_switches_wireguard_off_until_a_new_period_and_the_customer_is_told_once()
    {
        var (_, wireGuard) = await TwoCustomersAsync(wireGuardLimitGb: 1);
        _host.WireGuard.Usage[wireGuard.Name] = new ClientUsage(0, 900 * MiB, null, true);
        await CollectAsync();
        Assert.Null(await ExhaustedAtAsync(wireGuard.SubscriptionId));

        _host.WireGuard.Usage[wireGuard.Name] = new ClientUsage(0, 1100 * MiB, null, true);
        await CollectAsync();
        _host.WireGuard.Usage[wireGuard.Name] = new ClientUsage(0, 1300 * MiB, null, true);
        await CollectAsync();

        Assert.NotNull(await ExhaustedAtAsync(wireGuard.SubscriptionId));
        var notice = Assert.Single(_host.Notifier.Notices);
        Assert.Equal((NoticeKeys.TrafficExhausted, (object)wireGuard.SubscriptionId, (object)1), (notice.Key, notice.Args[0], notice.Args[1]));
        Assert.Equal(1, await _host.QueryAsync(db => db.BackendTasks.CountAsync(t => t.SubscriptionId == wireGuard.SubscriptionId && t.Kind == BackendTaskKind.Sync)));
        await _host.RunAsync(p => p.SyncAsync(wireGuard.SubscriptionId, default));
        Assert.False(_host.WireGuard.Enabled[wireGuard.Name]);

        // A key re-issued meanwhile stays off too.
        var configId = await _host.QueryAsync(db => db.VpnConfigs.Where(c => c.SubscriptionId == wireGuard.SubscriptionId && c.IsActive).Select(c => c.Id).SingleAsync());
        var reissued = await _host.RunAsync(p => p.ReissueAsync(configId, null, null, default));
        Assert.False(_host.WireGuard.Enabled[reissued.Config.ExternalName]);
        wireGuard = (wireGuard.SubscriptionId, reissued.Config.ExternalName);

        // Renewal (as PaymentService applies a period): a fresh allowance and the key back on.
        await _host.QueryAsync(db => db.Subscriptions.Where(s => s.Id == wireGuard.SubscriptionId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.TrafficUsedGb, 0m).SetProperty(s => s.TrafficExhaustedAt, (DateTimeOffset?)null)
            .SetProperty(s => s.TrafficPeriodStartedAt, _host.Time.GetUtcNow()).SetProperty(s => s.ExpiresAt, s => s.ExpiresAt!.Value.AddDays(30))));
        await _host.RunAsync(p => p.SyncAsync(wireGuard.SubscriptionId, default));
        Assert.True(_host.WireGuard.Enabled[wireGuard.Name]);
    }

    public static TheoryData<string> Faults => new() { "http", "json", "timeout", "bug" };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_server_throwing_something_other_than_a_backend_error_is_skipped_and_the_others_are_collected(string fault)
    {
        // The failing server comes first, so an escaping exception would leave the other one unread.
        var broken = await _host.AddServerAsync(_otherPanel, primary: VpnProtocol.WireGuard);
        var healthy = await _host.AddServerAsync(_panel, primary: VpnProtocol.Vless);
        var a = await _host.AddSubscriptionAsync(broken.Id, language: "en");
        var b = await _host.AddSubscriptionAsync(healthy.Id);
        await _host.RunAsync(p => p.ProvisionAsync(a.Id, default));
        var vless = await _host.RunAsync(p => p.ProvisionAsync(b.Id, default));
        _panel.SetTraffic(vless.Config.ExternalName, 0, 2 * GiB, null);
        _host.WireGuard.UsageFault = () => fault switch
        {
            "http" => new HttpRequestException("Connection reset by peer"),
            "json" => new System.Text.Json.JsonException("'<' is an invalid start of a value."),
            "timeout" => new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"),
            _ => new InvalidOperationException("a bug in one backend"),
        };

        var report = await CollectAsync();

        Assert.Equal(new UsageReport(2, 1, 1, 0), report);
        Assert.Equal(2m, await UsedGbAsync(b.Id));
        Assert.Equal(0m, await UsedGbAsync(a.Id));
        Assert.Equal([healthy.Id], await _host.QueryAsync(db => db.ServerStats.Select(s => s.ServerId).ToListAsync()));
        Assert.Contains(_host.Logs.Lines, m => m.Contains("could not be collected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restarted_host_collects_usage_and_syncs_keys_before_anything_else_opened_a_panel_session()
    {
        var (vless, wireGuard) = await TwoCustomersAsync();
        _panel.SetTraffic(vless.Email, 0, 1 * GiB, null);

        // A new process on the same database: no panel session, no detected API generation.
        await using var restarted = new ProvisioningTestHost(_database);
        restarted.WireGuard.Usage[wireGuard.Name] = new ClientUsage(0, 0, null, false);
        await using (var scope = restarted.Services.CreateAsyncScope())
            Assert.Equal(new UsageReport(2, 0, 2, 0), await scope.ServiceProvider.GetRequiredService<UsageCollector>().CollectAsync(default));
        Assert.Equal(1m, await UsedGbAsync(vless.SubscriptionId));

        await using var another = new ProvisioningTestHost(_database);
        await _host.QueryAsync(db => db.Subscriptions.Where(s => s.Id == vless.SubscriptionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SubscriptionStatus.Expired)));
        await another.RunAsync(p => p.SyncAsync(vless.SubscriptionId, default));
        Assert.False(_panel.Client(vless.Email)!["enable"]!.GetValue<bool>());
    }

    private Task<DateTimeOffset?> ExhaustedAtAsync(long subscriptionId) =>
        _host.QueryAsync(db => db.Subscriptions.Where(s => s.Id == subscriptionId).Select(s => s.TrafficExhaustedAt).SingleAsync());

    /// <summary>A VLESS customer on one server and a WireGuard customer on another.</summary>
    private async Task<((long SubscriptionId, string Email) Vless, (long SubscriptionId, string Name) WireGuard)> TwoCustomersAsync(int? wireGuardLimitGb = 50)
    {
        var first = await _host.AddServerAsync(_panel, primary: VpnProtocol.Vless);
        var second = await _host.AddServerAsync(_otherPanel, primary: VpnProtocol.WireGuard);
        var a = await _host.AddSubscriptionAsync(first.Id, language: "ru");
        var b = await _host.AddSubscriptionAsync(second.Id, language: "en", trafficGb: wireGuardLimitGb);
        var vless = await _host.RunAsync(p => p.ProvisionAsync(a.Id, default));
        var wireGuard = await _host.RunAsync(p => p.ProvisionAsync(b.Id, default));
        Assert.Equal((VpnProtocol.Vless, VpnProtocol.WireGuard), (vless.Config.Protocol, wireGuard.Config.Protocol));
        return ((a.Id, vless.Config.ExternalName), (b.Id, wireGuard.Config.ExternalName));
    }

    private async Task<UsageReport> CollectAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UsageCollector>().CollectAsync(default);
    }

    private Task<decimal> UsedGbAsync(long subscriptionId) =>
        _host.QueryAsync(db => db.Subscriptions.Where(s => s.Id == subscriptionId).Select(s => s.TrafficUsedGb).SingleAsync());
}
