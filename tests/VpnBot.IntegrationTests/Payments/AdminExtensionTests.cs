using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>An operator's "+N days" through SubscriptionService: the period, the VPN server's expiry and the audit row.</summary>
public class AdminExtensionTests : IAsyncLifetime
{
    private const long Operator = 900_000_001;
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task An_extension_moves_the_expiry_on_the_server_and_is_audited_and_a_second_press_changes_nothing()
    {
        var user = await _h.CreateUserAsync(851);
        var granted = await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.GrantAsync(user.Id, 30, null, default));
        await _h.RunWorkerAsync(); // provisioned on the (recorded) server
        var shown = (await ExpiryOf(granted.SubscriptionId))!.Value; // as stored (PostgreSQL keeps microseconds) and shown on the card

        var result = await _h.InScopeAsync<SubscriptionService, AdminExtension>(s => s.ExtendByAdminAsync(Operator, granted.SubscriptionId, 7, shown, default));
        Assert.Equal((AdminExtensionStatus.Extended, shown.AddDays(7)), (result.Status, result.ExpiresAt));
        Assert.Equal(BackendTaskKind.Sync, (await _h.QueryAsync(db => db.BackendTasks.Where(t => t.CompletedAt == null).SingleAsync())).Kind);
        await _h.RunWorkerAsync();
        Assert.Equal((granted.SubscriptionId, SubscriptionStatus.Active, shown.AddDays(7)), _h.Provisioning.Synced.Last());

        var again = await _h.InScopeAsync<SubscriptionService, AdminExtension>(s => s.ExtendByAdminAsync(Operator, granted.SubscriptionId, 7, shown, default));
        Assert.Equal(AdminExtensionStatus.Stale, again.Status);
        // The customer is told once, with the days and the new date.
        var notice = Assert.Single(_h.Notifier.Notices, n => n.Key == Core.Users.NoticeKeys.SubscriptionExtendedByAdmin);
        Assert.Equal([granted.SubscriptionId, 7, shown.AddDays(7).UtcDateTime], notice.Args);

        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == granted.SubscriptionId));
        Assert.Equal(shown.AddDays(7), subscription.ExpiresAt);
        var audit = await _h.QueryAsync(db => db.AuditLog.SingleAsync());
        Assert.Equal((Operator, "subscription-extend", "subscription"), (audit.ActorTelegramId, audit.Action, audit.TargetType));
        Assert.Contains("\"days\": 7", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_subscription_restarts_from_now_and_is_provisioned_again()
    {
        var user = await _h.CreateUserAsync(852);
        var granted = await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.GrantAsync(user.Id, 1, null, default));
        _h.Clock.Advance(TimeSpan.FromDays(2));
        await _h.InScopeAsync<SubscriptionService, int>(s => s.ExpireDueAsync(100, default));

        var before = _h.Clock.GetUtcNow();
        var result = await _h.InScopeAsync<SubscriptionService, AdminExtension>(s => s.ExtendByAdminAsync(Operator, granted.SubscriptionId, 30, granted.ExpiresAt, default));

        Assert.Equal(AdminExtensionStatus.Extended, result.Status);
        Assert.InRange(result.ExpiresAt!.Value, before.AddDays(30), _h.Clock.GetUtcNow().AddDays(30));
        Assert.Equal(SubscriptionStatus.Active, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == granted.SubscriptionId))).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(366)]
    public async Task Days_outside_one_to_a_year_or_a_missing_subscription_change_nothing(int days)
    {
        var user = await _h.CreateUserAsync(853);
        var granted = await _h.InScopeAsync<SubscriptionService, SubscriptionChange>(s => s.GrantAsync(user.Id, 30, null, default));
        var shown = await ExpiryOf(granted.SubscriptionId);

        var invalid = await _h.InScopeAsync<SubscriptionService, AdminExtension>(s => s.ExtendByAdminAsync(Operator, granted.SubscriptionId, days, shown, default));
        var missing = await _h.InScopeAsync<SubscriptionService, AdminExtension>(s => s.ExtendByAdminAsync(Operator, 987654, 7, shown, default));

        Assert.Equal((AdminExtensionStatus.InvalidDays, AdminExtensionStatus.NotFound), (invalid.Status, missing.Status));
        Assert.Equal(shown, await ExpiryOf(granted.SubscriptionId));
        Assert.Empty(await _h.QueryAsync(db => db.AuditLog.ToListAsync()));
    }

    private Task<DateTimeOffset?> ExpiryOf(long subscriptionId) =>
        _h.QueryAsync(db => db.Subscriptions.Where(s => s.Id == subscriptionId).Select(s => s.ExpiresAt).SingleAsync());
}
