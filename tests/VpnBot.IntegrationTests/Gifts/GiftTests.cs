using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Gifts;
using VpnBot.Core.Payments;
using VpnBot.IntegrationTests.Payments;
using VpnBot.Payments.Stars;

namespace VpnBot.IntegrationTests.Gifts;

/// <summary>A plan bought for someone else: made on payment, activated once, refundable only while unused.</summary>
public class GiftTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_paid_gift_makes_a_one_time_code_and_extends_nothing_of_the_buyer()
    {
        var buyer = await _h.CreateUserAsync(951);
        var (paymentId, gift) = await PaidGiftAsync(buyer.Id, "stxGift1");

        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId));
        Assert.Equal((PaymentStatus.Completed, PaymentPurpose.Gift, (long?)null), (payment.Status, payment.Purpose, payment.SubscriptionId));
        Assert.Equal((GiftStatus.Issued, buyer.Id, 30, GiftService.CodeLength), (gift.Status, gift.BuyerUserId, gift.Days, gift.Code.Length));
        Assert.False(await _h.QueryAsync(db => db.Subscriptions.AnyAsync(s => s.UserId == buyer.Id)));
        Assert.Single(_h.Notifier.PaymentsCompleted, n => n.PaymentId == paymentId);
    }

    [Fact]
    public async Task Two_people_opening_the_link_at_once_one_gets_the_gift_and_the_other_a_clear_answer()
    {
        var buyer = await _h.CreateUserAsync(952);
        var (_, gift) = await PaidGiftAsync(buyer.Id, "stxGift2");
        var ann = await _h.CreateUserAsync(953);
        var bob = await _h.CreateUserAsync(954);

        var results = await Task.WhenAll(new[] { ann.Id, bob.Id, ann.Id, bob.Id }.Select(id => Task.Run(() =>
            _h.InScopeAsync<GiftService, (long, RedeemResult)>(async g => (id, await g.RedeemAsync(id, gift.Code.ToUpperInvariant(), default))))));

        var winner = Assert.Single(results, r => r.Item2.Status == RedeemStatus.Activated).Item1;
        Assert.All(results.Where(r => r.Item2.Status != RedeemStatus.Activated),
            r => Assert.Equal(r.Item1 == winner ? RedeemStatus.AlreadyYours : RedeemStatus.AlreadyUsed, r.Item2.Status));
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == winner));
        var stored = await _h.QueryAsync(db => db.Gifts.SingleAsync());
        Assert.Equal(stored.RedeemedAt!.Value.AddDays(30), subscription.ExpiresAt);
        Assert.Equal(1, await _h.QueryAsync(db => db.BackendTasks.CountAsync(t => t.SubscriptionId == subscription.Id)));
        Assert.Equal((GiftStatus.Redeemed, (long?)winner, (long?)subscription.Id), (stored.Status, stored.RecipientUserId, stored.SubscriptionId));
        Assert.Single(_h.Notifier.Notices, n => n.UserId == buyer.Id && n.Key == "gift.redeemed");
        Assert.Single(await _h.QueryAsync(db => db.Subscriptions.ToListAsync()));
    }

    [Fact]
    public async Task A_gift_extends_a_running_subscription_from_its_expiry_and_the_buyer_cannot_take_it()
    {
        var buyer = await _h.CreateUserAsync(955);
        var (_, gift) = await PaidGiftAsync(buyer.Id, "stxGift3");
        Assert.Equal(RedeemStatus.OwnGift, (await RedeemAsync(buyer.Id, gift.Code)).Status);

        var recipient = await _h.CreateUserAsync(956);
        var plan = await _h.CreatePlanAsync(days: 10);
        var own = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(recipient.Id, plan.Id, "stars", false, default));
        await _h.InScopeAsync<StarsPaymentHandler, PaymentOutcome>(h => h.CompleteAsync(StarsPayload.For(own.PaymentId), "XTR", 150, "stxOwn", default));
        var expiry = (await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.UserId == recipient.Id))).ExpiresAt!.Value;

        var result = await RedeemAsync(recipient.Id, gift.Code);

        Assert.Equal(RedeemStatus.Activated, result.Status);
        Assert.Equal(expiry.AddDays(30), result.ExpiresAt);
        Assert.Single(await _h.QueryAsync(db => db.Subscriptions.Where(s => s.UserId == recipient.Id).ToListAsync()));
    }

    [Fact]
    public async Task An_unused_gift_is_refunded_and_its_code_stops_working()
    {
        var buyer = await _h.CreateUserAsync(957);
        var (paymentId, gift) = await PaidGiftAsync(buyer.Id, "stxGift4");

        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(paymentId, "changed mind", default));

        Assert.Equal(PaymentOutcomeKind.Refunded, outcome.Kind);
        Assert.Single(_h.Stars.Refunds);
        Assert.Equal(GiftStatus.Refunded, (await _h.QueryAsync(db => db.Gifts.SingleAsync())).Status);
        var someone = await _h.CreateUserAsync(958);
        Assert.Equal(RedeemStatus.Refunded, (await RedeemAsync(someone.Id, gift.Code)).Status);
        Assert.False(await _h.QueryAsync(db => db.Subscriptions.AnyAsync()));
    }

    [Fact]
    public async Task A_used_gift_is_not_refunded()
    {
        var buyer = await _h.CreateUserAsync(959);
        var (paymentId, gift) = await PaidGiftAsync(buyer.Id, "stxGift5");
        var recipient = await _h.CreateUserAsync(960);
        Assert.Equal(RedeemStatus.Activated, (await RedeemAsync(recipient.Id, gift.Code)).Status);

        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(paymentId, "changed mind", default));
        var manual = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RecordManualRefundAsync(paymentId, "by hand", default));

        Assert.Equal(PaymentOutcomeKind.Ignored, outcome.Kind);
        Assert.Equal(PaymentOutcomeKind.Ignored, manual.Kind);
        Assert.Empty(_h.Stars.Refunds);
        Assert.Equal(PaymentStatus.Completed, (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == paymentId))).Status);
        Assert.Equal(GiftStatus.Redeemed, (await _h.QueryAsync(db => db.Gifts.SingleAsync())).Status);
    }

    private Task<RedeemResult> RedeemAsync(long userId, string code) =>
        _h.InScopeAsync<GiftService, RedeemResult>(g => g.RedeemAsync(userId, code, default));

    private async Task<(long PaymentId, Gift Gift)> PaidGiftAsync(long buyerId, string chargeId)
    {
        var plan = await _h.CreatePlanAsync(days: 30);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p =>
            p.StartAsync(new CheckoutRequest(buyerId, plan.Id, "stars", _h.ServerId) { Purpose = PaymentPurpose.Gift }, default));
        var outcome = await _h.InScopeAsync<StarsPaymentHandler, PaymentOutcome>(h => h.CompleteAsync(StarsPayload.For(start.PaymentId), "XTR", 150, chargeId, default));
        Assert.Equal(PaymentOutcomeKind.Completed, outcome.Kind);
        return (start.PaymentId, await _h.QueryAsync(db => db.Gifts.SingleAsync(g => g.PaymentId == start.PaymentId)));
    }
}
