using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core;
using VpnBot.Core.Operations;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Host.Telegram;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Admin;

/// <summary>Alerts to the operators through the real admin bot, and their buttons, on real PostgreSQL.</summary>
public class OperatorAlertTests : IAsyncLifetime
{
    private AdminBotHarness _h = null!;

    public async Task InitializeAsync() => _h = await AdminBotHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_held_payment_is_alerted_to_the_admin_and_activating_it_extends_the_subscription_once()
    {
        var paymentId = await HeldPaymentAsync(801, PaymentStatus.Pending, "paid 1 RUB, offered 299 RUB");

        await AlertAsync(a => a.PaymentNeedsReviewAsync(paymentId, default));

        var alert = await AlertToAdminAsync("rev:");
        Assert.Contains($"Платёж #{paymentId} ждёт решения", alert.Text, StringComparison.Ordinal); // a configured admin without a row: Russian
        Assert.Contains("paid 1 RUB, offered 299 RUB", alert.Text, StringComparison.Ordinal);
        Assert.Equal([$"rev:a:{paymentId}", $"rev:r:{paymentId}"], alert.CallbackData());

        var decided = await _h.PressForEditAsync($"rev:a:{paymentId}");
        Assert.Contains("Activated by", decided.Text, StringComparison.Ordinal);
        Assert.Empty(decided.CallbackData());
        await using (var db = _h.Host.Db())
        {
            var payment = await db.Payments.SingleAsync(p => p.Id == paymentId);
            Assert.Equal((PaymentStatus.Completed, false), (payment.Status, payment.NeedsReview));
            Assert.Equal(SubscriptionStatus.Active, (await db.Subscriptions.SingleAsync(s => s.UserId == payment.UserId)).Status);
            var audit = await db.AuditLog.SingleAsync(a => a.Action == "payment-review-activate");
            Assert.Equal((AdminBotHarness.AdminId, paymentId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (audit.ActorTelegramId, audit.TargetId));
        }

        // A second press (or another admin's) finds it decided and changes nothing.
        var again = await _h.PressForAnswerAsync($"rev:a:{paymentId}");
        Assert.Contains("already been decided", again["text"], StringComparison.Ordinal);
        await using (var db = _h.Host.Db())
        {
            Assert.Equal(1, await db.Subscriptions.CountAsync());
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.TargetType == "payment"));
        }
    }

    [Fact]
    public async Task A_settled_partial_refund_is_listed_under_reviews_and_marked_done()
    {
        var paymentId = await HeldPaymentAsync(802, PaymentStatus.Completed, "partial refund of 100 RUB out of 299: period left unchanged");

        var list = await _h.SendTextAsync("/reviews");
        Assert.Contains($"Payment #{paymentId} needs a decision", list.Text, StringComparison.Ordinal);
        Assert.Equal([$"rev:d:{paymentId}"], list.CallbackData());

        var done = await _h.PressForEditAsync($"rev:d:{paymentId}");
        Assert.Contains("Marked as dealt with", done.Text, StringComparison.Ordinal);
        await using (var db = _h.Host.Db())
            Assert.False((await db.Payments.SingleAsync(p => p.Id == paymentId)).NeedsReview);
        Assert.Contains("No payments are waiting", (await _h.SendTextAsync("/reviews")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_money_cannot_be_dismissed_and_forged_or_stale_buttons_change_nothing()
    {
        var paymentId = await HeldPaymentAsync(803, PaymentStatus.Pending, "paid 1 RUB, offered 299 RUB");

        Assert.Contains("did not work", (await _h.PressForAnswerAsync($"rev:d:{paymentId}"))["text"], StringComparison.Ordinal);
        Assert.NotNull(await _h.PressForAnswerAsync("rev:a:999999"));
        Assert.NotNull(await _h.PressForAnswerAsync("rev:zz:" + paymentId));
        await using var db = _h.Host.Db();
        var payment = await db.Payments.SingleAsync(p => p.Id == paymentId);
        Assert.Equal((PaymentStatus.Pending, true), (payment.Status, payment.NeedsReview));
        Assert.False(await db.AuditLog.AnyAsync());
    }

    [Fact]
    public async Task A_customer_pressing_an_alert_button_is_refused_and_nothing_changes()
    {
        var paymentId = await HeldPaymentAsync(804, PaymentStatus.Pending, "paid 1 RUB, offered 299 RUB");
        var customer = TestHost.NewUserId();

        await _h.PressForAnswerAsync($"rev:a:{paymentId}", from: customer);

        await using var db = _h.Host.Db();
        Assert.True((await db.Payments.SingleAsync(p => p.Id == paymentId)).NeedsReview);
    }

    [Fact]
    public async Task A_stuck_backend_task_is_alerted_and_retry_now_makes_it_due_at_once()
    {
        var user = await _h.SeedUserAsync(TestHost.NewUserId());
        long taskId;
        await using (var db = _h.Host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            var subscription = new Subscription { UserId = user.Id, Status = SubscriptionStatus.Expired, ExpiresAt = now.AddDays(-1), CreatedAt = now, UpdatedAt = now };
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
            // Failing for long, next try in an hour; the subscription lapsed, so the worker will just complete it when run.
            var task = new BackendTask { Kind = BackendTaskKind.Sync, SubscriptionId = subscription.Id, Attempts = 8, LastError = "Unreachable: connection refused", NextAttemptAt = now.AddHours(1), CreatedAt = now };
            db.BackendTasks.Add(task);
            await db.SaveChangesAsync();
            taskId = task.Id;
        }

        await AlertAsync(a => a.BackendTaskFailingAsync(taskId, default));
        var alert = await AlertToAdminAsync("btr:");
        Assert.Contains($"Задача #{taskId}", alert.Text, StringComparison.Ordinal);
        Assert.Contains("connection refused", alert.Text, StringComparison.Ordinal);
        Assert.Equal([$"btr:{taskId}"], alert.CallbackData());

        Assert.Contains("Retry queued", (await _h.PressForAnswerAsync($"btr:{taskId}"))["text"], StringComparison.Ordinal);
        await using (var db = _h.Host.Db())
        {
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "backend-task-retry"));
            // Due now: the host's worker picks it up (a sync of a lapsed subscription with no configs completes).
        }
        await TestWait.UntilAsync(async () =>
        {
            await using var db = _h.Host.Db();
            return await db.BackendTasks.Where(t => t.Id == taskId).Select(t => t.CompletedAt).SingleAsync() is not null;
        }, TimeSpan.FromSeconds(20), "the retried task to complete");
        Assert.Contains("already completed", (await _h.PressForAnswerAsync($"btr:{taskId}"))["text"], StringComparison.Ordinal);
    }

    /// <summary>
    /// The alert a test raised, told apart by its buttons: activating a payment queues provisioning, and with no
    /// server that fails at once and alerts the admin about the task, perhaps before the alert or answer awaited.
    /// </summary>
    private Task<RecordedCall> AlertToAdminAsync(string buttonPrefix) => _h.Telegram.WaitForCallAsync(c =>
        c.Token == TestHost.AdminToken && c.ChatId == AdminBotHarness.AdminId && c.Method == "sendMessage"
        && c.CallbackData().Any(d => d.StartsWith(buttonPrefix, StringComparison.Ordinal)));

    private async Task AlertAsync(Func<IOperatorAlerts, Task> alert)
    {
        await using var scope = _h.Host.App.Services.CreateAsyncScope();
        await alert(scope.ServiceProvider.GetRequiredService<IOperatorAlerts>());
    }

    [Fact]
    public async Task A_held_crypto_payment_is_refunded_by_hand_and_recorded_once_confirmed()
    {
        var paymentId = await HeldPaymentAsync(805, PaymentStatus.Pending, "paid 5 USDT, offered 3.5 USD", method: "cryptopay");

        var list = await _h.SendTextAsync("/reviews");
        Assert.Equal([$"rev:a:{paymentId}", $"rev:m:{paymentId}"], list.CallbackData()); // no refund API: by hand

        var ask = await _h.PressForEditAsync($"rev:m:{paymentId}");
        Assert.Contains("send the crypto back to the customer by hand", ask.Text, StringComparison.Ordinal);
        await using (var db = _h.Host.Db())
            Assert.Equal(PaymentStatus.Pending, (await db.Payments.SingleAsync(p => p.Id == paymentId)).Status); // asking is not doing

        var done = await _h.PressForEditAsync($"rev:my:{paymentId}");
        Assert.Contains("Refunded by", done.Text, StringComparison.Ordinal);
        await using (var db = _h.Host.Db())
        {
            var payment = await db.Payments.SingleAsync(p => p.Id == paymentId);
            Assert.Equal((PaymentStatus.Refunded, false), (payment.Status, payment.NeedsReview));
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "payment-review-refundedbyhand"));
            Assert.False(await db.Subscriptions.AnyAsync(s => s.UserId == payment.UserId)); // never activated, nothing to take back
        }
    }

    private async Task<long> HeldPaymentAsync(long telegramId, PaymentStatus status, string reason, string method = "yookassa")
    {
        var user = await _h.SeedUserAsync(TestHost.NewUserId(), username: "held" + telegramId);
        await using var db = _h.Host.Db();
        var now = DateTimeOffset.UtcNow;
        var plan = new SubscriptionPlan { Name = "Месяц", DurationDays = 30, Price = 299m, Currency = "RUB", IsActive = true, CreatedAt = now, UpdatedAt = now };
        db.Add(plan);
        await db.SaveChangesAsync();
        var payment = db.AddPaymentRow(new Payment { UserId = user.Id, PlanId = plan.Id, PaymentMethod = method, Amount = 299m, Currency = "RUB", CreatedAt = now },
            status, externalId: "held-" + telegramId, paidAt: status == PaymentStatus.Completed ? now : null, reviewReason: reason);
        await db.SaveChangesAsync();
        return payment.Id;
    }
}
