using VpnBot.Core.Subscriptions;
using VpnBot.Core.Data;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Balance;
using VpnBot.Core.Payments;
using VpnBot.Core.Promotions;
using VpnBot.IntegrationTests.Payments;
using VpnBot.Payments.Webhooks;

namespace VpnBot.IntegrationTests.Promotions;

/// <summary>Promo codes through PaymentService and PromoCodes on real PostgreSQL, with the fake YooKassa.</summary>
public class PromoCodeTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<PromoCode> AddAsync(PromoDraft draft) =>
        _h.InScopeAsync<PromoAdministration, PromoCode>(async a => (await a.CreateAsync(0, draft, default)).Code!);

    private Task<PaymentStart> StartAsync(long userId, long planId, string method, string? code) =>
        _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(new CheckoutRequest(userId, planId, method) { PromoCode = code }, default));

    private async Task PayAsync(long paymentId)
    {
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        var body = Encoding.UTF8.GetBytes(_h.YooKassa.NotificationBody("payment.succeeded", externalId));
        Assert.Equal(200, (await _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(PaymentsHarness.YooKassaIp, body, default))).StatusCode);
    }

    [Fact]
    public async Task A_code_with_one_use_left_tried_by_50_customers_at_the_same_moment_is_used_exactly_once()
    {
        var plan = await _h.CreatePlanAsync();
        await AddAsync(new PromoDraft("LAST1", PromoKind.Percent, 20) { MaxUses = 1 });
        var users = new List<long>();
        for (var i = 0; i < 50; i++) users.Add((await _h.CreateUserAsync(5000 + i)).Id);

        // All 50 wait on one gate (not a blocking barrier: that would starve the thread pool) and go together.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = users.Select(u => Task.Run(async () =>
        {
            await gate.Task;
            try
            {
                return (await StartAsync(u, plan.Id, "yookassa", "last1")).Amount;
            }
            catch (PromoRejectedException e)
            {
                Assert.Equal(PromoVerdict.UsedUp, e.Verdict);
                return (decimal?)null;
            }
        })).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(racers);

        Assert.Equal(239.20m, Assert.Single(results, r => r is not null));
        Assert.Equal(1, await _h.QueryAsync(db => db.PromoRedemptions.CountAsync(r => r.Status != RedemptionStatus.Released)));
        Assert.Equal(1, await _h.QueryAsync(db => db.Payments.CountAsync()));
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync());
        Assert.Equal((239.20m, 59.80m), (payment.Amount, payment.Discount));

        // Counted at checkout, so the race is decided there; paying makes the reservation a use, the count stays 1.
        await PayAsync(payment.Id);
        Assert.Equal(RedemptionStatus.Used, (await _h.QueryAsync(db => db.PromoRedemptions.SingleAsync())).Status);
        var late = await Assert.ThrowsAsync<PromoRejectedException>(() => StartAsync(users.First(u => u != payment.UserId), plan.Id, "yookassa", "LAST1"));
        Assert.Equal(PromoVerdict.UsedUp, late.Verdict);
    }

    [Fact]
    public async Task A_refunded_purchase_gives_its_use_back_and_its_bonus_days_are_taken_back_too()
    {
        var plan = await _h.CreatePlanAsync(days: 30);
        await AddAsync(new PromoDraft("BONUS7", PromoKind.ExtraDays, 7) { MaxUses = 1 });
        var ann = (await _h.CreateUserAsync(6001)).Id;
        var bob = (await _h.CreateUserAsync(6002)).Id;

        var start = await StartAsync(ann, plan.Id, "yookassa", "Bonus7");
        Assert.Equal(299m, start.Amount); // extra days change no price
        await PayAsync(start.PaymentId);
        var paidAt = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).PaidAt!.Value;
        Assert.Equal(paidAt.AddDays(37), (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == ann))).ExpiresAt);
        Assert.Equal(PromoVerdict.UsedUp, (await Assert.ThrowsAsync<PromoRejectedException>(() => StartAsync(bob, plan.Id, "yookassa", "BONUS7"))).Verdict);

        var refund = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(start.PaymentId, "asked", default));
        Assert.Equal(PaymentOutcomeKind.Refunded, refund.Kind);
        Assert.Equal(RedemptionStatus.Released, (await _h.QueryAsync(db => db.PromoRedemptions.SingleAsync())).Status);
        Assert.Equal(SubscriptionStatus.Expired, (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == ann))).Status);

        // The use is back: someone else may take it.
        Assert.Equal(299m, (await StartAsync(bob, plan.Id, "yookassa", "bonus7")).Amount);
    }

    [Fact]
    public async Task Stars_prices_are_rounded_up_to_whole_stars_and_an_open_checkout_keeps_its_price_after_the_code_is_switched_off()
    {
        var plan = await _h.CreatePlanAsync(price: 299m, priceStars: 150);
        var percent = await AddAsync(new PromoDraft("P15", PromoKind.Percent, 15) { PerCustomer = 5 });
        await AddAsync(new PromoDraft("R100", PromoKind.Amount, 100));
        var ann = (await _h.CreateUserAsync(6101)).Id;

        var stars = await StartAsync(ann, plan.Id, "stars", "p15");
        Assert.Equal((128m, "XTR"), (stars.Amount, stars.Currency)); // 127.5 → 128
        // Telegram's pre-checkout asks before taking the Stars: the discounted amount is the offer, not a changed price.
        var payload = VpnBot.Payments.Stars.StarsPayload.For(stars.PaymentId);
        Assert.True((await _h.InScopeAsync<VpnBot.Payments.Stars.StarsPaymentHandler, VpnBot.Payments.Stars.PreCheckoutResult>(
            h => h.ValidatePreCheckoutAsync(payload, "XTR", 128, 6101, default))).Ok);
        var rub = await StartAsync(ann, plan.Id, "yookassa", "P15");
        Assert.Equal(254.15m, rub.Amount);
        // 100 of 299 RUB is a third of the price: 150 * 199/299 = 99.83 → 100 stars.
        Assert.Equal(100m, (await StartAsync(ann, plan.Id, "stars", "r100")).Amount);
        Assert.Equal(199m, (await StartAsync(ann, plan.Id, "yookassa", "R100")).Amount);

        Assert.Equal(Core.Audit.ToggleOutcome.Changed,
            await _h.InScopeAsync<PromoAdministration, Core.Audit.ToggleOutcome>(a => a.DisableAsync(0, percent.Id, default)));
        Assert.Equal(PromoVerdict.Disabled, (await Assert.ThrowsAsync<PromoRejectedException>(() => StartAsync(ann, plan.Id, "yookassa", "P15"))).Verdict);
        await PayAsync(rub.PaymentId);
        var paid = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == rub.PaymentId));
        Assert.Equal((PaymentStatus.Completed, 254.15m), (paid.Status, paid.Amount));
    }

    [Fact]
    public async Task Every_refusal_has_its_own_answer()
    {
        var plan = await _h.CreatePlanAsync();
        var other = await _h.CreatePlanAsync(days: 90, price: 799m);
        var now = _h.Clock.GetUtcNow();
        await AddAsync(new PromoDraft("OLD", PromoKind.Percent, 10) { ValidUntil = now.AddMinutes(-1) });
        await AddAsync(new PromoDraft("SOON", PromoKind.Percent, 10) { ValidFrom = now.AddDays(1) });
        await AddAsync(new PromoDraft("YEAR", PromoKind.Percent, 10) { PlanIds = [other.Id] });
        await AddAsync(new PromoDraft("FIRST", PromoKind.Percent, 10) { FirstPurchaseOnly = true });
        await AddAsync(new PromoDraft("ONCE", PromoKind.Balance, 50));
        var ann = (await _h.CreateUserAsync(6201)).Id;

        async Task<PromoVerdict> Enter(string code, long? planId = null) =>
            (await _h.InScopeAsync<PromoCodes, PromoEntry>(p => p.EnterAsync(ann, code, planId, default))).Verdict;

        Assert.Equal(PromoVerdict.Unknown, await Enter("NOPE"));
        Assert.Equal(PromoVerdict.Unknown, await Enter("bad code!"));
        Assert.Equal(PromoVerdict.Expired, await Enter("old"));
        Assert.Equal(PromoVerdict.NotYetValid, await Enter("soon"));
        Assert.Equal(PromoVerdict.NotForPlan, await Enter("year", plan.Id));
        Assert.Equal(PromoVerdict.Ok, await Enter("year", other.Id));
        Assert.Equal(PromoVerdict.Ok, await Enter("once"));
        Assert.Equal(PromoVerdict.AlreadyUsed, await Enter("ONCE"));
        Assert.Equal(50m, await _h.QueryAsync(db => db.Users.Where(u => u.Id == ann).Select(u => u.Balance).SingleAsync()));
        Assert.Equal(BalanceReason.Promo, (await _h.QueryAsync(db => db.BalanceEntries.SingleAsync(e => e.UserId == ann))).Reason);

        Assert.Equal(PromoVerdict.Ok, await Enter("first"));
        var start = await StartAsync(ann, plan.Id, "yookassa", null);
        await PayAsync(start.PaymentId);
        Assert.Equal(PromoVerdict.FirstPurchaseOnly, await Enter("first"));
        // The purchase forgot the remembered code.
        Assert.Null(await _h.InScopeAsync<PromoCodes, PromoCode?>(p => p.RememberedAsync(ann, default)));
    }

    [Fact]
    public async Task Free_days_start_a_subscription_and_queue_provisioning_and_a_personal_code_is_its_owners_alone()
    {
        await AddAsync(new PromoDraft("FREE10", PromoKind.FreeDays, 10));
        var ann = (await _h.CreateUserAsync(6301)).Id;
        var bob = (await _h.CreateUserAsync(6302)).Id;

        var entry = await _h.InScopeAsync<PromoCodes, PromoEntry>(p => p.EnterAsync(ann, "free10", null, default));
        Assert.Equal(PromoVerdict.Ok, entry.Verdict);
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == ann));
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.InRange(subscription.ExpiresAt!.Value, _h.Clock.GetUtcNow().AddDays(9.99), _h.Clock.GetUtcNow().AddDays(10));
        Assert.Equal(1, await _h.QueryAsync(db => db.BackendTasks.CountAsync(t => t.SubscriptionId == subscription.Id)));

        var personal = await _h.InScopeAsync<PromoCodes, PromoCode>(p => p.IssuePersonalAsync(ann, 30, TimeSpan.FromDays(7), default));
        Assert.Equal(PromoVerdict.Unknown, (await _h.InScopeAsync<PromoCodes, PromoEntry>(p => p.EnterAsync(bob, personal.Code, null, default))).Verdict);
        var plan = await _h.CreatePlanAsync();
        Assert.Equal(209.30m, (await StartAsync(ann, plan.Id, "yookassa", personal.Code.ToLowerInvariant())).Amount);
        _h.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(PromoVerdict.Expired, (await _h.InScopeAsync<PromoCodes, PromoEntry>(p => p.EnterAsync(ann, personal.Code, null, default))).Verdict);
    }

    [Fact]
    public async Task The_last_win_back_message_gets_one_personal_code_per_lapse_even_when_asked_again_after_a_crash()
    {
        var ann = (await _h.CreateUserAsync(6401)).Id;
        var lapse = new WinBackLapse(ann, 1, _h.Clock.GetUtcNow().AddDays(-7));
        Task<string?> AskAsync(int percent) => _h.InScopeAsync<string?>(sp => new PromoWinBackOffer(
            sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<PromoCodes>(),
            Options.Create(new SubscriptionOptions { WinBackOfferPercent = percent })).CodeForAsync(lapse, default));

        Assert.Null(await AskAsync(0)); // no offer configured: the message goes without a code
        var first = await AskAsync(25);
        Assert.NotNull(first);
        Assert.Equal(first, await AskAsync(25)); // the run that died between claim and send gets the same code
        var code = await _h.QueryAsync(db => db.PromoCodes.SingleAsync(c => c.OwnerUserId == ann));
        Assert.Equal((PromoKind.Percent, 25m, 1), (code.Kind, code.Value, code.MaxUses));

        // The next lapse gets a code of its own.
        _h.Clock.Advance(TimeSpan.FromDays(1));
        lapse = lapse with { ExpiredAt = _h.Clock.GetUtcNow() };
        Assert.NotEqual(first, await AskAsync(25));
    }
}
