using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Data;

/// <summary>
/// A seller upgrading from the last release: a database at that release's schema, with customers in it, is
/// migrated to today's schema and reads back as it was (the new columns start empty and mean "nothing pending").
/// </summary>
public class UpgradeTests : IAsyncLifetime
{
    /// <summary>The newest migration of the last release that landed on main.</summary>
    private const string LastRelease = "20261126094507_RemindersTrafficUsageBroadcasts";

    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_database_of_the_last_release_with_customers_upgrades_and_reads_back_unchanged()
    {
        await using (var db = _db.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(LastRelease);
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
            // Written as the old release's code wrote rows: plain SQL against the old schema (enums as snake_case text).
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO users (id, telegram_id, role, is_active, is_banned, auto_select_protocol, trial_used, first_name, created_at, updated_at, last_activity_at)
                VALUES (1, 700001, 'client', true, false, true, true, 'Ann', now() - interval '40 days', now(), now());
                INSERT INTO subscription_plans (id, name, duration_days, currency, price, device_limit, is_active, is_popular, sort_order, created_at, updated_at)
                VALUES (1, 'Месяц', 30, 'RUB', 299, 3, true, false, 0, now(), now());
                INSERT INTO subscriptions (id, user_id, plan_id, status, device_limit, auto_renewal, is_trial, started_at, expires_at,
                    reminded_for_expiry, reminded_days_before, traffic_used_gb, created_at, updated_at)
                VALUES (1, 1, 1, 'active', 3, false, false, '2026-11-05T10:00:00Z', '2026-12-05T10:00:00Z', '2026-12-05T10:00:00Z', 3, 1.5, now(), now());
                INSERT INTO payments (id, user_id, plan_id, subscription_id, payment_method, amount, currency, status, needs_review, is_renewal, paid_at, created_at, updated_at)
                VALUES (1, 1, 1, 1, 'yookassa', 299, 'RUB', 'completed', false, false, '2026-11-05T10:00:00Z', now(), now());
                SELECT setval(pg_get_serial_sequence('users', 'id'), 1);
                SELECT setval(pg_get_serial_sequence('subscription_plans', 'id'), 1);
                SELECT setval(pg_get_serial_sequence('subscriptions', 'id'), 1);
                SELECT setval(pg_get_serial_sequence('payments', 'id'), 1);
                """);
        }

        await using (var db = _db.CreateContext())
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = _db.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.TelegramId == 700001);
            Assert.Equal((UserRole.Client, true, false, true), (user.Role, user.IsActive, user.IsBanned, user.TrialUsed));
            var subscription = await db.Subscriptions.SingleAsync(s => s.UserId == user.Id);
            Assert.Equal(SubscriptionStatus.Active, subscription.Status);
            Assert.Equal(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero), subscription.RemindedForExpiry);
            Assert.Equal((3, 1.5m), (subscription.RemindedDaysBefore, subscription.TrafficUsedGb));
            Assert.Null(subscription.ReminderClaimedAt); // a reminder sent by the old release is not re-sent or held
            var payment = await db.Payments.SingleAsync(p => p.UserId == user.Id);
            Assert.Equal((PaymentStatus.Completed, 299m, "RUB"), (payment.Status, payment.Amount, payment.Currency));
            Assert.Equal(PaymentPurpose.Subscription, payment.Purpose); // every old payment bought a subscription
            Assert.Equal(0m, user.Balance);
            Assert.Empty(await db.BalanceEntries.ToListAsync());
            Assert.Empty(await db.StarsReceipts.ToListAsync());

            // The upgraded database takes new rows beside the old ones.
            db.Users.Add(new User { TelegramId = 700002, FirstName = "Bob", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, LastActivityAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            Assert.Equal(2, await db.Users.CountAsync());
        }
    }
}
