using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Balance;
using VpnBot.Core.Payments;
using VpnBot.IntegrationTests.Payments;
using VpnBot.Payments.Webhooks;

namespace VpnBot.IntegrationTests.Balance;

/// <summary>
/// Money through the balance on the payment stack as the host wires it (real PostgreSQL, fake YooKassa): top-ups
/// credited exactly once by verified webhooks, plans paid from the balance once per press, split payments, and
/// refunds to the balance or to the card.
/// </summary>
public class WalletPaymentTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync(s => s["Balance:StarsPerRub"] = "0.6");

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_yookassa_top_up_is_credited_once_however_often_its_webhook_arrives()
    {
        var userId = (await _h.CreateUserAsync(801)).Id;
        var (paymentId, externalId) = await StartTopUpAsync(userId, 500m);

        _h.YooKassa.Succeed(externalId);
        var body = _h.YooKassa.NotificationBody("payment.succeeded", externalId);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Webhook(body))));

        Assert.All(results, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(500m, await BalanceAsync(userId));
        var entry = Assert.Single(await _h.QueryAsync(db => db.BalanceEntries.Where(e => e.UserId == userId).ToListAsync()));
        Assert.Equal((BalanceReason.TopUp, 500m, $"topup:payment:{paymentId}"), (entry.Reason, entry.Amount, entry.Key));
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId));
        Assert.Equal((PaymentStatus.Completed, PaymentPurpose.TopUp, (long?)null), (payment.Status, payment.Purpose, payment.SubscriptionId));
        Assert.Equal(0, await _h.QueryAsync(db => db.Subscriptions.CountAsync()));
    }

    [Fact]
    public async Task A_late_top_up_after_abandonment_is_still_credited_and_a_mismatch_is_held_until_approved()
    {
        var userId = (await _h.CreateUserAsync(802)).Id;
        var (late, lateExternal) = await StartTopUpAsync(userId, 300m);
        Assert.True(await _h.InScopeAsync<PaymentService, bool>(p => p.AbandonAsync(late, default)));
        _h.YooKassa.Succeed(lateExternal);
        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", lateExternal))).StatusCode);
        Assert.Equal(300m, await BalanceAsync(userId));

        var (odd, oddExternal) = await StartTopUpAsync(userId, 1000m);
        _h.YooKassa.Succeed(oddExternal);
        _h.YooKassa.SetAmount(oddExternal, "10.00", "RUB");
        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", oddExternal))).StatusCode);
        Assert.True((await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == odd))).NeedsReview);
        Assert.Equal(300m, await BalanceAsync(userId));

        Assert.Equal(PaymentOutcomeKind.Completed, (await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ApproveReviewAsync(odd, default))).Kind);
        Assert.Equal(1300m, await BalanceAsync(userId));
        Assert.Equal(PaymentOutcomeKind.Ignored, (await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ApproveReviewAsync(odd, default))).Kind);
        Assert.Equal(1300m, await BalanceAsync(userId));
    }

    [Fact]
    public async Task Top_up_amounts_are_whole_rubles_within_the_limits_and_stars_are_charged_at_the_configured_rate()
    {
        var userId = (await _h.CreateUserAsync(803)).Id;
        await _h.InScopeAsync<TopUps, int>(t =>
        {
            Assert.Null(t.ParseAmount("49"));
            Assert.Null(t.ParseAmount("100.50"));
            Assert.Null(t.ParseAmount("-100"));
            Assert.Null(t.ParseAmount("50001"));
            Assert.Null(t.ParseAmount("abc"));
            Assert.Equal(250m, t.ParseAmount(" 250 "));
            var options = t.OptionsFor(250m);
            Assert.Equal(new Money(150m, "XTR"), Assert.Single(options, o => o.Method == PaymentMethods.Stars).Price);
            Assert.Equal(new Money(250m, "RUB"), Assert.Single(options, o => o.Method == PaymentMethods.YooKassa).Price);
            return Task.FromResult(0);
        });
        var error = await Assert.ThrowsAsync<PaymentException>(() => _h.InScopeAsync<TopUps, PaymentStart>(t => t.StartAsync(userId, 10m, PaymentMethods.YooKassa, default)));
        Assert.Equal(PaymentError.InvalidAmount, error.Error);
        Assert.Equal(0, await _h.QueryAsync(db => db.Payments.CountAsync()));

        var stars = await _h.InScopeAsync<TopUps, PaymentStart>(t => t.StartAsync(userId, 251m, PaymentMethods.Stars, default));
        Assert.Equal((151m, "XTR"), (stars.Amount, stars.Currency)); // 251 × 0.6 = 150.6, rounded up
        Assert.Equal(251m, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == stars.PaymentId))).CreditRub);
    }

    [Fact]
    public async Task Paying_from_the_balance_extends_the_subscription_and_a_double_press_charges_once()
    {
        var userId = (await _h.CreateUserAsync(804)).Id;
        var plan = await _h.CreatePlanAsync(price: 299m);
        await CreditAsync(userId, 700m);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.PayFromBalanceAsync(new CheckoutRequest(userId, plan.Id, PaymentMethods.Balance), "msg:77", default)))));

        Assert.Single(outcomes, o => o.Kind == PaymentOutcomeKind.Completed);
        Assert.All(outcomes, o => Assert.Contains(o.Kind, new[] { PaymentOutcomeKind.Completed, PaymentOutcomeKind.Duplicate }));
        Assert.Equal(401m, await BalanceAsync(userId));
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.PaymentMethod == PaymentMethods.Balance));
        Assert.Equal((PaymentStatus.Completed, 0m, 299m), (payment.Status, payment.Amount, payment.FromBalance));
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId));
        Assert.Equal(payment.PaidAt!.Value.AddDays(30), subscription.ExpiresAt);
        Assert.Single(_h.Notifier.PaymentsCompleted);

        // Another press (another message) pays again; the third finds the balance short and changes nothing.
        await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.PayFromBalanceAsync(new CheckoutRequest(userId, plan.Id, PaymentMethods.Balance), "msg:78", default));
        var short_ = await Assert.ThrowsAsync<PaymentException>(() =>
            _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.PayFromBalanceAsync(new CheckoutRequest(userId, plan.Id, PaymentMethods.Balance), "msg:79", default)));
        Assert.Equal(PaymentError.InsufficientBalance, short_.Error);
        Assert.Equal(102m, await BalanceAsync(userId));
        Assert.Equal(2, await _h.QueryAsync(db => db.Payments.CountAsync()));
        Assert.Equal(payment.PaidAt!.Value.AddDays(60), (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId))).ExpiresAt);
    }

    [Fact]
    public async Task A_split_payment_debits_the_balance_part_when_the_card_part_arrives_and_a_card_refund_returns_it()
    {
        var userId = (await _h.CreateUserAsync(805)).Id;
        var plan = await _h.CreatePlanAsync(price: 299m);
        await CreditAsync(userId, 100m);

        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p =>
            p.StartAsync(new CheckoutRequest(userId, plan.Id, PaymentMethods.YooKassa) { UseBalance = true }, default));
        Assert.Equal(199m, start.Amount);
        Assert.Equal(100m, await BalanceAsync(userId)); // nothing is taken before the card pays
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId))).StatusCode);
        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId))).StatusCode);

        Assert.Equal(0m, await BalanceAsync(userId));
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId));
        Assert.Equal((PaymentStatus.Completed, 199m, 100m), (payment.Status, payment.Amount, payment.FromBalance));
        Assert.Equal(SubscriptionStatus.Active, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId))).Status);

        Assert.Equal(PaymentOutcomeKind.Refunded, (await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(start.PaymentId, "asked", default))).Kind);
        Assert.Contains("\"value\":\"199.00\"", Assert.Single(_h.YooKassa.Requests, r => r.PathAndQuery == "/v3/refunds").Body, StringComparison.Ordinal);
        Assert.Equal(100m, await BalanceAsync(userId));
        Assert.Equal(SubscriptionStatus.Expired, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId))).Status);
    }

    [Fact]
    public async Task A_split_payment_whose_balance_was_spent_meanwhile_is_held_for_review_not_activated()
    {
        var userId = (await _h.CreateUserAsync(806)).Id;
        var plan = await _h.CreatePlanAsync(price: 299m);
        await CreditAsync(userId, 100m);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p =>
            p.StartAsync(new CheckoutRequest(userId, plan.Id, PaymentMethods.YooKassa) { UseBalance = true }, default));
        await _h.InScopeAsync<BalanceLedger, BalancePosting>(l => l.PostAsync(new BalanceChange(userId, -60m, BalanceReason.Purchase, "test", "spent"), default));

        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        Assert.Equal(200, (await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId))).StatusCode);

        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId));
        Assert.True(payment.NeedsReview);
        Assert.Contains("balance no longer covers", payment.ReviewReason, StringComparison.Ordinal);
        Assert.Equal(40m, await BalanceAsync(userId));
        Assert.Equal(0, await _h.QueryAsync(db => db.Subscriptions.CountAsync()));
        Assert.Equal([start.PaymentId], _h.Alerts.PaymentsNeedingReview);
    }

    [Fact]
    public async Task An_admin_refund_to_the_balance_credits_the_whole_value_without_touching_the_card()
    {
        var userId = (await _h.CreateUserAsync(807)).Id;
        var plan = await _h.CreatePlanAsync(price: 299m);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(userId, plan.Id, PaymentMethods.YooKassa, false, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", externalId));

        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId));
        var first = await _h.InScopeAsync<TopUps, PaymentOutcome?>(t => t.RefundToBalanceAsync(payment, userId, "to balance", default));
        var second = await _h.InScopeAsync<TopUps, PaymentOutcome?>(t => t.RefundToBalanceAsync(payment, userId, "to balance", default));

        Assert.Equal(PaymentOutcomeKind.Refunded, first!.Kind);
        Assert.Equal(PaymentOutcomeKind.Duplicate, second!.Kind);
        Assert.Equal(299m, await BalanceAsync(userId));
        Assert.DoesNotContain(_h.YooKassa.Requests, r => r.PathAndQuery == "/v3/refunds");
        var entry = await _h.QueryAsync(db => db.BalanceEntries.SingleAsync(e => e.UserId == userId));
        Assert.Equal((BalanceReason.Refund, (long?)userId), (entry.Reason, entry.ActorUserId));
        Assert.Equal(SubscriptionStatus.Expired, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == userId))).Status);
    }

    [Fact]
    public async Task A_top_up_refunded_by_the_provider_is_reversed_on_the_balance_or_held_when_it_was_spent()
    {
        var userId = (await _h.CreateUserAsync(808)).Id;
        var (kept, keptExternal) = await StartTopUpAsync(userId, 200m);
        _h.YooKassa.Succeed(keptExternal);
        await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", keptExternal));
        Assert.Equal(PaymentOutcomeKind.Refunded, (await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(kept, "asked", default))).Kind);
        Assert.Equal(0m, await BalanceAsync(userId));
        Assert.Equal(BalanceReason.Reversal, (await _h.QueryAsync(db => db.BalanceEntries.OrderBy(e => e.Id).LastAsync(e => e.UserId == userId))).Reason);

        var (spent, spentExternal) = await StartTopUpAsync(userId, 300m);
        _h.YooKassa.Succeed(spentExternal);
        await Webhook(_h.YooKassa.NotificationBody("payment.succeeded", spentExternal));
        await _h.InScopeAsync<BalanceLedger, BalancePosting>(l => l.PostAsync(new BalanceChange(userId, -250m, BalanceReason.Purchase, "test", "spent"), default));
        await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(spent, "asked", default));
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == spent));
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.True(payment.NeedsReview);
        Assert.Equal(50m, await BalanceAsync(userId));
    }

    private async Task<(long PaymentId, string ExternalId)> StartTopUpAsync(long userId, decimal rub)
    {
        var start = await _h.InScopeAsync<TopUps, PaymentStart>(t => t.StartAsync(userId, rub, PaymentMethods.YooKassa, default));
        Assert.Equal((rub, "RUB"), (start.Amount, start.Currency));
        return (start.PaymentId, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!);
    }

    private Task<BalancePosting> CreditAsync(long userId, decimal rub) =>
        _h.InScopeAsync<BalanceLedger, BalancePosting>(l => l.PostAsync(new BalanceChange(userId, rub, BalanceReason.AdminAdjustment, "test", $"seed:{userId}:{rub}"), default));

    private Task<decimal> BalanceAsync(long userId) => _h.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Balance).SingleAsync());

    private Task<WebhookResult> Webhook(string body) =>
        _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(PaymentsHarness.YooKassaIp, Encoding.UTF8.GetBytes(body), default));
}
