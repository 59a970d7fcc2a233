using VpnBot.Core;
using VpnBot.Core.Analytics;
using VpnBot.Core.Payments;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Bots.Admin;

/// <summary>The admin bot's analytics screen over seeded rows in real PostgreSQL.</summary>
public class AnalyticsTests : IAsyncLifetime
{
    private AdminBotHarness _h = null!;

    public async Task InitializeAsync() => _h = await AdminBotHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task The_funnel_counts_distinct_users_and_money_counts_completed_payments_of_the_period()
    {
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-20);
        var ann = await _h.SeedUserAsync(TestHost.NewUserId(), firstName: "Ann");
        var bob = await _h.SeedUserAsync(TestHost.NewUserId(), firstName: "Bob");
        var eve = await _h.SeedUserAsync(TestHost.NewUserId(), firstName: "Eve", createdAt: old);
        await using (var db = _h.Host.Db())
        {
            foreach (var (user, action, at) in new[]
            {
                (ann, ActivityActions.Start, now), (ann, ActivityActions.Start, now), (bob, ActivityActions.Start, now), (eve, ActivityActions.Start, old),
                (ann, ActivityActions.PlansViewed, now), (ann, ActivityActions.PlansViewed, now), (bob, ActivityActions.PlansViewed, now),
                (ann, ActivityActions.PaymentStarted, now), (bob, ActivityActions.TrialStarted, now),
            })
                db.UserActivities.Add(new UserActivity { UserId = user.Id, Action = action, CreatedAt = at });
            var plan = new SubscriptionPlan { Name = "Месяц", DurationDays = 30, Price = 299m, Currency = "RUB", IsActive = true, CreatedAt = now, UpdatedAt = now };
            var server = new Server { Name = "nl-1", Location = "Netherlands", CountryCode = "NL", IpAddress = "198.51.100.7", SupportedProtocols = [VpnProtocol.Vless], CurrentUsers = 1, MaxUsers = 100, CreatedAt = now, UpdatedAt = now };
            db.AddRange(plan, server);
            await db.SaveChangesAsync();
            db.AddPaymentRow(new Payment { UserId = ann.Id, PlanId = plan.Id, PaymentMethod = "yookassa", Amount = 299m, Currency = "RUB", CreatedAt = now }, PaymentStatus.Completed, externalId: "a1", paidAt: now);
            db.AddPaymentRow(new Payment { UserId = ann.Id, PlanId = plan.Id, PaymentMethod = "stars", Amount = 150m, Currency = "XTR", CreatedAt = now }, PaymentStatus.Completed, externalId: "a2", paidAt: now);
            db.AddPaymentRow(new Payment { UserId = bob.Id, PlanId = plan.Id, PaymentMethod = "yookassa", Amount = 299m, Currency = "RUB", CreatedAt = now }, PaymentStatus.Pending, externalId: "b1");
            db.AddPaymentRow(new Payment { UserId = eve.Id, PlanId = plan.Id, PaymentMethod = "yookassa", Amount = 299m, Currency = "RUB", CreatedAt = old }, PaymentStatus.Completed, externalId: "e1", paidAt: old);
            var active = new Subscription { UserId = ann.Id, ServerId = server.Id, Status = SubscriptionStatus.Active, StartedAt = now, ExpiresAt = now.AddDays(3), CreatedAt = now, UpdatedAt = now };
            db.Subscriptions.AddRange(active,
                new Subscription { UserId = eve.Id, Status = SubscriptionStatus.Expired, StartedAt = old, ExpiresAt = now.AddDays(-2), CreatedAt = old, UpdatedAt = now });
            await db.SaveChangesAsync();
            db.VpnConfigs.Add(new VpnConfig { SubscriptionId = active.Id, ServerId = server.Id, Protocol = VpnProtocol.Vless, ExternalName = "tg_a", CreatedAt = now, UpdatedAt = now });
            db.ServerStats.Add(new ServerStats { ServerId = server.Id, ActiveConnections = 1, TotalTrafficGb = 12.5m, RecordedAt = now });
            await db.SaveChangesAsync();
        }

        var week = await _h.SendTextAsync("/analytics");

        Assert.Contains("last 7 days", week.Text, StringComparison.Ordinal);
        Assert.Contains("New users: 3", week.Text, StringComparison.Ordinal); // Ann, Bob, and the admin's own row from this update
        Assert.Contains("/start 2 → plans 2 → payment started 1 → paid 1", week.Text, StringComparison.Ordinal);
        Assert.Contains("Conversion /start → paid: 50%", week.Text, StringComparison.Ordinal);
        Assert.Contains("Trials started: 1", week.Text, StringComparison.Ordinal);
        Assert.Contains("299 RUB (1), 150 XTR (1)", week.Text, StringComparison.Ordinal);
        Assert.Contains("Месяц — 2", week.Text, StringComparison.Ordinal);
        Assert.Contains("Active subscriptions: 1; ending within 7 days: 1; lapsed in the period: 1", week.Text, StringComparison.Ordinal);
        Assert.Contains("Active keys: VLESS 1", week.Text, StringComparison.Ordinal);
        Assert.Contains("nl-1 — 1/100, online 1, traffic 12.5 GB", week.Text, StringComparison.Ordinal);
        Assert.Equal(["ana:7", "ana:30", "dash"], week.CallbackData());

        var month = await _h.PressAsync("ana:30");
        Assert.Contains("last 30 days", month.Text, StringComparison.Ordinal);
        Assert.Contains("/start 3 → plans 2 → payment started 1 → paid 2", month.Text, StringComparison.Ordinal);
        Assert.Contains("598 RUB (2), 150 XTR (1)", month.Text, StringComparison.Ordinal);

        Assert.DoesNotContain("Analytics", (await _h.PressForAnswerAsync("ana:9999")).Text ?? "", StringComparison.Ordinal);
    }
}
