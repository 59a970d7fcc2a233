using System.Text;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Audit;
using VpnBot.Core.Balance;
using VpnBot.Core.Payments;
using VpnBot.Core.Referrals;
using VpnBot.IntegrationTests.Payments;
using VpnBot.Payments.Webhooks;

namespace VpnBot.IntegrationTests.Referrals;

/// <summary>The inviter's reward: once per qualifying payment, in the payment's transaction, taken back on refund.</summary>
public class ReferralRewardTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync(s =>
    {
        s["Referrals:ReferrerReward"] = "Balance";
        s["Referrals:ReferrerPercent"] = "10";
    });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Fifty_duplicate_notifications_at_once_reward_the_inviter_exactly_once()
    {
        var (referrer, invitee) = await InvitedPairAsync(901, 902);
        var (paymentId, externalId) = await PaidYooKassaAsync(invitee);
        var body = Encoding.UTF8.GetBytes(_h.YooKassa.NotificationBody("payment.succeeded", externalId));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(PaymentsHarness.YooKassaIp, body, default)))));

        Assert.All(results, r => Assert.Equal(200, r.StatusCode));
        var reward = Assert.Single(await _h.QueryAsync(db => db.ReferralRewards.ToListAsync()));
        Assert.Equal((paymentId, referrer, invitee, 29.90m), (reward.PaymentId, reward.ReferrerUserId, reward.InviteeUserId, reward.Amount));
        var entry = Assert.Single(await _h.QueryAsync(db => db.BalanceEntries.Where(e => e.UserId == referrer).ToListAsync()));
        Assert.Equal((29.90m, BalanceReason.ReferralReward, ReferralRewards.LedgerKey(paymentId)), (entry.Amount, entry.Reason, entry.Key));
        Assert.Equal(29.90m, await BalanceAsync(referrer));
        Assert.Single(_h.Notifier.Notices, n => n.UserId == referrer && n.Key == "referral.reward_balance");
        // The friend's own purchase is untouched by the reward: one period, one completion.
        Assert.Single(_h.Notifier.PaymentsCompleted, n => n.PaymentId == paymentId);
    }

    [Fact]
    public async Task A_refund_takes_the_reward_back_with_a_reversal_posting()
    {
        var (referrer, invitee) = await InvitedPairAsync(903, 904);
        var (paymentId, _) = await CompletedYooKassaAsync(invitee);
        Assert.Equal(29.90m, await BalanceAsync(referrer));

        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(paymentId, "asked", default));

        Assert.Equal(PaymentOutcomeKind.Refunded, outcome.Kind);
        Assert.Equal(0m, await BalanceAsync(referrer));
        var reversal = await _h.QueryAsync(db => db.BalanceEntries.SingleAsync(e => e.Key == ReferralRewards.ReversalKey(paymentId)));
        Assert.Equal((-29.90m, BalanceReason.Reversal), (reversal.Amount, reversal.Reason));
        var reward = await _h.QueryAsync(db => db.ReferralRewards.SingleAsync());
        Assert.NotNull(reward.ReversedAt);
        Assert.Equal(0m, reward.Shortfall);
    }

    [Fact]
    public async Task A_reward_already_spent_is_taken_back_as_far_as_the_balance_goes_and_the_rest_recorded()
    {
        var (referrer, invitee) = await InvitedPairAsync(905, 906);
        var (paymentId, _) = await CompletedYooKassaAsync(invitee);
        await _h.InScopeAsync<BalanceLedger, BalancePosting>(l => l.PostAsync(new BalanceChange(referrer, -20m, BalanceReason.Purchase, "payment:x", "spent:905"), default));

        await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.RefundAsync(paymentId, "asked", default));

        Assert.Equal(0m, await BalanceAsync(referrer));
        var reward = await _h.QueryAsync(db => db.ReferralRewards.SingleAsync());
        Assert.Equal(20m, reward.Shortfall);
        Assert.Equal(-9.90m, (await _h.QueryAsync(db => db.BalanceEntries.SingleAsync(e => e.Key == ReferralRewards.ReversalKey(paymentId)))).Amount);
    }

    [Fact]
    public async Task Only_the_first_payment_is_rewarded_by_default()
    {
        var (referrer, invitee) = await InvitedPairAsync(907, 908);
        await CompletedYooKassaAsync(invitee);
        await CompletedYooKassaAsync(invitee);

        Assert.Single(await _h.QueryAsync(db => db.ReferralRewards.ToListAsync()));
        Assert.Equal(29.90m, await BalanceAsync(referrer));
    }

    [Fact]
    public async Task With_the_program_switched_off_links_attribute_nothing_and_payments_earn_nothing()
    {
        var (referrer, invitee) = await InvitedPairAsync(909, 910);
        Assert.Equal(ToggleOutcome.Changed, await _h.InScopeAsync<ReferralProgram, ToggleOutcome>(p => p.SetAsync(555, false, default)));
        Assert.Equal(ToggleOutcome.AlreadyInState, await _h.InScopeAsync<ReferralProgram, ToggleOutcome>(p => p.SetAsync(555, false, default)));

        await CompletedYooKassaAsync(invitee);
        var newcomer = await _h.CreateUserAsync(911);
        var code = await _h.InScopeAsync<ReferralAttribution, string>(a => a.CodeForAsync(referrer, default));
        var result = await _h.InScopeAsync<ReferralAttribution, AttributionResult>(a => a.AttributeAsync(newcomer.Id, code, true, default));

        Assert.Equal(AttributionResult.ProgramOff, result);
        Assert.Empty(await _h.QueryAsync(db => db.ReferralRewards.ToListAsync()));
        Assert.Equal(0m, await BalanceAsync(referrer));
        var audit = Assert.Single(await _h.QueryAsync(db => db.AuditLog.Where(a => a.Action == "referrals-disable").ToListAsync()));
        Assert.Equal(555, audit.ActorTelegramId);
    }

    [Fact]
    public async Task Self_referral_an_existing_customer_and_a_cycle_are_refused()
    {
        var a = (await _h.CreateUserAsync(912)).Id;
        var codeA = await _h.InScopeAsync<ReferralAttribution, string>(x => x.CodeForAsync(a, default));
        Assert.Equal(AttributionResult.Self, await AttributeAsync(a, codeA, justRegistered: true));

        var b = (await _h.CreateUserAsync(913)).Id;
        Assert.Equal(AttributionResult.ExistingCustomer, await AttributeAsync(b, codeA, justRegistered: false));
        Assert.Equal(AttributionResult.Attributed, await AttributeAsync(b, codeA, justRegistered: true));
        Assert.Equal(AttributionResult.AlreadyAttributed, await AttributeAsync(b, codeA, justRegistered: true));

        // A→B→C, then C's link offered to A (as if A were new): the chain would lead back to A.
        var codeB = await _h.InScopeAsync<ReferralAttribution, string>(x => x.CodeForAsync(b, default));
        var c = (await _h.CreateUserAsync(914)).Id;
        Assert.Equal(AttributionResult.Attributed, await AttributeAsync(c, codeB, justRegistered: true));
        var codeC = await _h.InScopeAsync<ReferralAttribution, string>(x => x.CodeForAsync(c, default));
        Assert.Equal(AttributionResult.Cycle, await AttributeAsync(a, codeC, justRegistered: true));
        Assert.Equal(AttributionResult.Cycle, await AttributeAsync(a, codeB, justRegistered: true));

        // Someone who already paid is no newcomer, whatever the flag says.
        var payer = (await _h.CreateUserAsync(915)).Id;
        await CompletedYooKassaAsync(payer);
        Assert.Equal(AttributionResult.ExistingCustomer, await AttributeAsync(payer, codeA, justRegistered: true));
        Assert.Equal(AttributionResult.UnknownCode, await AttributeAsync((await _h.CreateUserAsync(916)).Id, "zzzzzzzz", justRegistered: true));

        var referredBy = await _h.QueryAsync(db => db.Users.Where(u => u.Id == a || u.Id == payer).Select(u => u.ReferredByUserId).ToListAsync());
        Assert.All(referredBy, Assert.Null);
    }

    private Task<AttributionResult> AttributeAsync(long userId, string code, bool justRegistered) =>
        _h.InScopeAsync<ReferralAttribution, AttributionResult>(x => x.AttributeAsync(userId, code, justRegistered, default));

    private async Task<(long Referrer, long Invitee)> InvitedPairAsync(long referrerTelegramId, long inviteeTelegramId)
    {
        var referrer = await _h.CreateUserAsync(referrerTelegramId);
        var invitee = await _h.CreateUserAsync(inviteeTelegramId);
        var code = await _h.InScopeAsync<ReferralAttribution, string>(a => a.CodeForAsync(referrer.Id, default));
        Assert.Equal(AttributionResult.Attributed, await AttributeAsync(invitee.Id, code, justRegistered: true));
        return (referrer.Id, invitee.Id);
    }

    private async Task<(long PaymentId, string ExternalId)> PaidYooKassaAsync(long userId)
    {
        var plan = await _h.CreatePlanAsync(price: 299m, days: 30);
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p => p.StartAsync(userId, plan.Id, "yookassa", false, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        return (start.PaymentId, externalId);
    }

    private async Task<(long PaymentId, string ExternalId)> CompletedYooKassaAsync(long userId)
    {
        var (paymentId, externalId) = await PaidYooKassaAsync(userId);
        var body = Encoding.UTF8.GetBytes(_h.YooKassa.NotificationBody("payment.succeeded", externalId));
        Assert.Equal(200, (await _h.InScopeAsync<YooKassaWebhookHandler, WebhookResult>(h => h.HandleAsync(PaymentsHarness.YooKassaIp, body, default))).StatusCode);
        return (paymentId, externalId);
    }

    private Task<decimal> BalanceAsync(long userId) => _h.QueryAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Balance).SingleAsync());
}
