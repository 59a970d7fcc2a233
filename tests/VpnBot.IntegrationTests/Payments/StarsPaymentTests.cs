using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Payments.Stars;

namespace VpnBot.IntegrationTests.Payments;

public class StarsPaymentTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Paying_with_stars_activates_the_subscription_and_delivers_the_config()
    {
        var user = await _h.CreateUserAsync(311);
        var plan = await _h.CreatePlanAsync(priceStars: 150, days: 30);

        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "stars", false, default));
        Assert.Equal((150m, "XTR"), (start.Amount, start.Currency));
        var invoice = Assert.Single(_h.Stars.Invoices);
        Assert.Equal(150, invoice.Amount);
        Assert.Equal(StarsPayload.For(start.PaymentId), invoice.Payload);
        Assert.Equal(311, invoice.UserTelegramId);

        var check = await Stars(h => h.ValidatePreCheckoutAsync(invoice.Payload, "XTR", 150, 311, default));
        Assert.True(check.Ok);

        var outcome = await Stars(h => h.CompleteAsync(invoice.Payload, "XTR", 150, "stxCharge311", default));
        Assert.Equal(PaymentOutcomeKind.Completed, outcome.Kind);
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId));
        Assert.Equal("stxCharge311", payment.ExternalPaymentId);
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == user.Id));
        Assert.Equal(payment.PaidAt!.Value.AddDays(30), subscription.ExpiresAt);

        Assert.Equal(1, await _h.RunWorkerAsync());
        Assert.Single(_h.Notifier.ConfigsReady);

        // Telegram repeats successful_payment (bot restart before the offset was confirmed).
        var again = await Stars(h => h.CompleteAsync(invoice.Payload, "XTR", 150, "stxCharge311", default));
        Assert.Equal(PaymentOutcomeKind.Duplicate, again.Kind);
        Assert.Equal(subscription.ExpiresAt, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == user.Id))).ExpiresAt);
        Assert.Equal(PreCheckoutResult.Accept with { Ok = false, ErrorKey = StarsErrorKeys.AlreadyPaid },
            await Stars(h => h.ValidatePreCheckoutAsync(invoice.Payload, "XTR", 150, 311, default)));
    }

    [Fact]
    public async Task Pre_checkout_refuses_another_user_a_changed_price_and_a_withdrawn_plan()
    {
        var user = await _h.CreateUserAsync(312);
        var plan = await _h.CreatePlanAsync(priceStars: 150);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "stars", false, default));
        var payload = StarsPayload.For(start.PaymentId);

        Assert.Equal(StarsErrorKeys.UnknownOrder, (await Stars(h => h.ValidatePreCheckoutAsync(payload, "XTR", 150, 999, default))).ErrorKey);
        Assert.Equal(StarsErrorKeys.UnknownOrder, (await Stars(h => h.ValidatePreCheckoutAsync("vpnbot:999999", "XTR", 150, 312, default))).ErrorKey);
        Assert.Equal(StarsErrorKeys.UnknownOrder, (await Stars(h => h.ValidatePreCheckoutAsync("garbage", "XTR", 150, 312, default))).ErrorKey);
        Assert.Equal(StarsErrorKeys.PriceChanged, (await Stars(h => h.ValidatePreCheckoutAsync(payload, "XTR", 1, 312, default))).ErrorKey);
        Assert.Equal(StarsErrorKeys.PriceChanged, (await Stars(h => h.ValidatePreCheckoutAsync(payload, "USD", 150, 312, default))).ErrorKey);

        await using (var db = _h.Db.CreateContext())
        {
            await db.Plans.Where(p => p.Id == plan.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.PriceStars, 200));
        }
        Assert.Equal(StarsErrorKeys.PriceChanged, (await Stars(h => h.ValidatePreCheckoutAsync(payload, "XTR", 150, 312, default))).ErrorKey);

        await using (var db = _h.Db.CreateContext())
        {
            await db.Plans.Where(p => p.Id == plan.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
        }
        Assert.Equal(StarsErrorKeys.PlanUnavailable, (await Stars(h => h.ValidatePreCheckoutAsync(payload, "XTR", 150, 312, default))).ErrorKey);
    }

    [Fact]
    public async Task A_stars_refund_goes_through_telegram_and_takes_the_period_back()
    {
        var user = await _h.CreateUserAsync(313);
        var plan = await _h.CreatePlanAsync(priceStars: 150, days: 30);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(user.Id, plan.Id, "stars", false, default));
        await Stars(h => h.CompleteAsync(StarsPayload.For(start.PaymentId), "XTR", 150, "stxRefundMe", default));
        await _h.RunWorkerAsync();

        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(start.PaymentId, "customer asked", default));

        Assert.Equal(PaymentOutcomeKind.Refunded, outcome.Kind);
        Assert.Equal((313L, "stxRefundMe"), Assert.Single(_h.Stars.Refunds));
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == user.Id));
        Assert.Equal(SubscriptionStatus.Expired, subscription.Status);
        Assert.Equal(1, await _h.RunWorkerAsync());
        Assert.Equal(SubscriptionStatus.Expired, Assert.Single(_h.Provisioning.Synced).Status);
        Assert.Contains(_h.Notifier.Notices, n => n.Key == "payment.refunded" && n.UserId == user.Id);
    }

    [Fact]
    public async Task Stars_are_not_offered_when_disabled()
    {
        await using var off = await PaymentsHarness.StartAsync(s => s["Payments:Stars:Enabled"] = "false");
        var plan = await off.CreatePlanAsync(priceStars: 150);
        var options = await off.InScopeAsync<PaymentService, IReadOnlyList<PaymentOption>>(p => Task.FromResult(p.OptionsFor(plan)));
        Assert.Equal(["yookassa", "cryptopay"], options.Select(o => o.Method));
    }

    private Task<T> Stars<T>(Func<StarsPaymentHandler, Task<T>> work) => _h.InScopeAsync(work);
}
