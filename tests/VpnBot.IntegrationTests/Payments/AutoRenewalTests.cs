using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Balance;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>
/// Auto-renewal as issue 11 wants it: the card kept only with consent, the balance charged first, a decline told
/// once and retried on the schedule, and never a charge for a removed plan or a subscription switched to manual.
/// </summary>
public class AutoRenewalTests : IAsyncLifetime
{
    private PaymentsHarness _h = null!;

    public async Task InitializeAsync() => _h = await PaymentsHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_card_the_provider_saved_without_consent_at_checkout_is_not_kept()
    {
        var user = await _h.CreateUserAsync(1101);
        var plan = await _h.CreatePlanAsync(days: 30);
        _h.YooKassa.SaveCardsUnasked = true;

        var outcome = await PayWithCardAsync(user.Id, plan.Id, consent: false);

        Assert.True(_h.YooKassa.Payments().Single()["payment_method"]!["saved"]!.GetValue<bool>()); // the provider did keep it
        Assert.Null((await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).SavedPaymentMethodId);
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == outcome.SubscriptionId));
        Assert.False(subscription.AutoRenewal);
        Assert.Null(subscription.AutoRenewalConsentAt);
        Assert.Empty(await _h.QueryAsync(db => db.AuditLog.ToListAsync()));
        _h.Clock.Advance(TimeSpan.FromDays(29.5));
        Assert.Empty(await DueAsync());
    }

    [Fact]
    public async Task With_consent_the_card_is_kept_and_the_consent_is_recorded_and_audited()
    {
        var user = await _h.CreateUserAsync(1102);
        var plan = await _h.CreatePlanAsync(days: 30);
        var before = _h.Clock.GetUtcNow();

        var outcome = await PayWithCardAsync(user.Id, plan.Id, consent: true);

        Assert.True((bool)_h.YooKassa.CreateRequestOf(_h.YooKassa.Payments().Single()["id"]!.GetValue<string>())!["save_payment_method"]!);
        Assert.NotNull((await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).SavedPaymentMethodId);
        var payment = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == outcome.PaymentId));
        Assert.InRange(payment.AutoRenewalConsentAt!.Value, before, _h.Clock.GetUtcNow());
        var subscription = await _h.QueryAsync(db => db.Subscriptions.SingleAsync(s => s.Id == outcome.SubscriptionId));
        Assert.True(subscription.AutoRenewal);
        Assert.Equal(payment.AutoRenewalConsentAt, subscription.AutoRenewalConsentAt);
        var audit = Assert.Single(await _h.QueryAsync(db => db.AuditLog.ToListAsync()));
        Assert.Equal(("auto-renewal-consent", 1102L, subscription.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (audit.Action, audit.ActorTelegramId, audit.TargetId));
    }

    [Fact]
    public async Task A_balance_that_covers_the_price_pays_the_renewal_and_the_card_is_not_charged()
    {
        var (user, subscription) = await SubscribedWithConsentAsync(1103);
        await CreditAsync(user.Id, 350m);
        _h.Clock.Advance(TimeSpan.FromDays(29.5));
        Assert.Equal([subscription.Id], await DueAsync());

        var result = await ChargeAsync(subscription.Id);

        Assert.Equal(RenewalStatus.PaidFromBalance, result.Status);
        Assert.Equal(1, _h.YooKassa.PaymentCount); // only the first, interactive payment
        Assert.Equal(51m, await BalanceAsync(user.Id));
        var entry = Assert.Single(await _h.QueryAsync(db => db.BalanceEntries.Where(e => e.Amount < 0).ToListAsync()));
        Assert.Equal((BalanceReason.Purchase, -299m, $"purchase:payment:{result.PaymentId}"), (entry.Reason, entry.Amount, entry.Key));
        var renewal = await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == result.PaymentId));
        Assert.Equal((PaymentStatus.Completed, true, RenewalService.BalanceMethod), (renewal.Status, renewal.IsRenewal, renewal.PaymentMethod));
        Assert.Equal(subscription.ExpiresAt!.Value.AddDays(30), (await Reload(subscription.Id)).ExpiresAt);
        Assert.Contains(_h.Notifier.PaymentsCompleted, p => p.PaymentId == result.PaymentId);

        // A second run (or a retry) finds the period paid: no second debit.
        Assert.Equal(RenewalStatus.NotDue, (await ChargeAsync(subscription.Id)).Status);
        Assert.Empty(await DueAsync());
        Assert.Equal(51m, await BalanceAsync(user.Id));
    }

    [Fact]
    public async Task A_balance_short_of_the_price_is_left_alone_and_the_card_pays()
    {
        var (user, subscription) = await SubscribedWithConsentAsync(1104);
        await CreditAsync(user.Id, 298.99m);
        _h.Clock.Advance(TimeSpan.FromDays(29.5));

        Assert.Equal(RenewalStatus.Charged, (await ChargeAsync(subscription.Id)).Status);

        Assert.Equal(298.99m, await BalanceAsync(user.Id));
        Assert.Equal(2, _h.YooKassa.PaymentCount);
        Assert.Equal(subscription.ExpiresAt!.Value.AddDays(30), (await Reload(subscription.Id)).ExpiresAt);
    }

    [Fact]
    public async Task A_decline_is_told_once_with_the_plan_and_retried_one_day_then_two_days_later_never_past_the_grace()
    {
        var (user, subscription) = await SubscribedWithConsentAsync(1105);
        var card = (await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).SavedPaymentMethodId!;
        _h.YooKassa.DecliningMethods[card] = true;
        var expiry = subscription.ExpiresAt!.Value;

        _h.Clock.SetUtcNow(expiry.AddHours(-12));
        Assert.Equal(RenewalStatus.Declined, (await ChargeAsync(subscription.Id)).Status);
        var notice = Assert.Single(Failures());
        Assert.Equal((user.Id, subscription.Id, subscription.PlanId!.Value), (notice.UserId, (long)notice.Args[0], (long)notice.Args[2]));

        // Not before a day has passed.
        _h.Clock.SetUtcNow(expiry.AddHours(11));
        Assert.Empty(await DueAsync());
        Assert.Equal(RenewalStatus.AlreadyDeclined, (await ChargeAsync(subscription.Id)).Status);

        // A day after the decline (the subscription has lapsed meanwhile): the first retry, declined again, not told again.
        await LapseAsync(expiry.AddHours(12).AddMinutes(1));
        Assert.Equal([subscription.Id], await DueAsync());
        Assert.Equal(RenewalStatus.Declined, (await ChargeAsync(subscription.Id)).Status);
        Assert.Single(Failures());

        // Two days after that: the second retry, which works once the card does.
        _h.Clock.SetUtcNow(expiry.AddDays(2).AddHours(11));
        Assert.Empty(await DueAsync());
        _h.Clock.SetUtcNow(expiry.AddDays(2).AddHours(13));
        _h.YooKassa.DecliningMethods.TryRemove(card, out _);
        Assert.Equal([subscription.Id], await DueAsync());
        Assert.Equal(RenewalStatus.Charged, (await ChargeAsync(subscription.Id)).Status);
        var renewed = await Reload(subscription.Id);
        Assert.Equal(SubscriptionStatus.Active, renewed.Status);
        Assert.True(renewed.ExpiresAt > _h.Clock.GetUtcNow().AddDays(29));
        Assert.Equal(4, _h.YooKassa.PaymentCount);
        Assert.Single(Failures());
    }

    [Fact]
    public async Task After_the_last_retry_or_past_the_grace_nothing_more_is_charged()
    {
        var (user, subscription) = await SubscribedWithConsentAsync(1106);
        var card = (await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).SavedPaymentMethodId!;
        _h.YooKassa.DecliningMethods[card] = true;
        var expiry = subscription.ExpiresAt!.Value;
        foreach (var at in new[] { expiry.AddHours(-12), expiry.AddHours(13), expiry.AddDays(2).AddHours(14) })
        {
            await LapseAsync(at);
            Assert.Equal(RenewalStatus.Declined, (await ChargeAsync(subscription.Id)).Status);
        }
        _h.YooKassa.DecliningMethods.TryRemove(card, out _);

        _h.Clock.SetUtcNow(expiry.AddDays(2).AddHours(23));
        Assert.Empty(await DueAsync());
        Assert.Equal(RenewalStatus.AlreadyDeclined, (await ChargeAsync(subscription.Id)).Status);
        _h.Clock.SetUtcNow(expiry.AddDays(3).AddMinutes(1));
        Assert.Equal(RenewalStatus.NotDue, (await ChargeAsync(subscription.Id)).Status);
        Assert.Equal(4, _h.YooKassa.PaymentCount);
        Assert.Single(Failures());
    }

    [Fact]
    public async Task A_plan_taken_out_of_sale_is_not_renewed_by_card_or_balance()
    {
        var (user, subscription) = await SubscribedWithConsentAsync(1107);
        await CreditAsync(user.Id, 1000m);
        await _h.QueryAsync(db => db.Plans.Where(p => p.Id == subscription.PlanId).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false)));
        _h.Clock.Advance(TimeSpan.FromDays(29.5));

        Assert.Empty(await DueAsync());
        Assert.Equal(RenewalStatus.Unavailable, (await ChargeAsync(subscription.Id)).Status);
        Assert.Equal(1, _h.YooKassa.PaymentCount);
        Assert.Equal(1000m, await BalanceAsync(user.Id));
        Assert.Equal(subscription.ExpiresAt, (await Reload(subscription.Id)).ExpiresAt);
    }

    [Fact]
    public async Task Switched_to_manual_the_card_is_forgotten_audited_and_nothing_is_charged()
    {
        var (user, subscription) = await SubscribedWithConsentAsync(1108);
        await CreditAsync(user.Id, 1000m);

        Assert.Equal(AutoRenewalStatus.Disabled, await _h.InScopeAsync<SubscriptionService, AutoRenewalStatus>(s => s.SetAutoRenewalAsync(user.Id, subscription.Id, false, default)));
        Assert.Equal(AutoRenewalStatus.Disabled, await _h.InScopeAsync<SubscriptionService, AutoRenewalStatus>(s => s.SetAutoRenewalAsync(user.Id, subscription.Id, false, default)));

        Assert.Null((await _h.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))).SavedPaymentMethodId);
        var off = Assert.Single(await _h.QueryAsync(db => db.AuditLog.Where(a => a.Action == "auto-renewal-off").ToListAsync()));
        Assert.Contains("\"cardForgotten\": true", off.After, StringComparison.Ordinal);
        _h.Clock.Advance(TimeSpan.FromDays(29.5));
        Assert.Empty(await DueAsync());
        Assert.Equal(RenewalStatus.NotEnabled, (await ChargeAsync(subscription.Id)).Status);
        Assert.Equal(1, _h.YooKassa.PaymentCount);
        Assert.Equal(1000m, await BalanceAsync(user.Id));
    }

    [Fact]
    public async Task A_banned_customer_is_not_charged_from_the_balance_either()
    {
        var (user, subscription) = await SubscribedWithConsentAsync(1109);
        await CreditAsync(user.Id, 1000m);
        await _h.QueryAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsBanned, true)));
        _h.Clock.Advance(TimeSpan.FromDays(29.5));

        Assert.Empty(await DueAsync());
        Assert.Equal(RenewalStatus.CustomerBanned, (await ChargeAsync(subscription.Id)).Status);
        Assert.Equal(1000m, await BalanceAsync(user.Id));
        Assert.Equal(1, _h.YooKassa.PaymentCount);
    }

    private async Task<(User User, Subscription Subscription)> SubscribedWithConsentAsync(long telegramId)
    {
        var user = await _h.CreateUserAsync(telegramId);
        var plan = await _h.CreatePlanAsync(days: 30);
        var outcome = await PayWithCardAsync(user.Id, plan.Id, consent: true);
        return (user, await Reload(outcome.SubscriptionId!.Value));
    }

    private async Task<PaymentOutcome> PayWithCardAsync(long userId, long planId, bool consent)
    {
        var start = await _h.InScopeAsync<PaymentService, PaymentStart>(p =>
            p.StartAsync(new CheckoutRequest(userId, planId, PaymentMethods.YooKassa) { SaveCard = consent }, default));
        var externalId = (await _h.QueryAsync(db => db.Payments.SingleAsync(p => p.Id == start.PaymentId))).ExternalPaymentId!;
        _h.YooKassa.Succeed(externalId);
        var outcome = await _h.InScopeAsync<PaymentService, PaymentOutcome>(p => p.ConfirmFromProviderAsync(start.PaymentId, default));
        Assert.Equal(PaymentOutcomeKind.Completed, outcome.Kind);
        return outcome;
    }

    private Task CreditAsync(long userId, decimal amount) =>
        _h.InScopeAsync<BalanceLedger, BalancePosting>(l => l.PostAsync(new BalanceChange(userId, amount, BalanceReason.TopUp, "test", $"topup:test:{userId}"), default));

    private Task<decimal> BalanceAsync(long userId) => _h.InScopeAsync<BalanceLedger, decimal>(l => l.BalanceOfAsync(userId, default));

    private async Task LapseAsync(DateTimeOffset at)
    {
        _h.Clock.SetUtcNow(at);
        while (await _h.InScopeAsync<SubscriptionService, int>(s => s.ExpireDueAsync(100, default)) > 0) { }
    }

    private List<(long UserId, string Key, IReadOnlyList<object> Args)> Failures() =>
        [.. _h.Notifier.Notices.Where(n => n.Key == NoticeKeys.RenewalFailed)];

    private Task<RenewalResult> ChargeAsync(long subscriptionId) =>
        _h.InScopeAsync<RenewalService, RenewalResult>(r => r.ChargeAsync(subscriptionId, default));

    private Task<IReadOnlyList<long>> DueAsync() =>
        _h.InScopeAsync<RenewalService, IReadOnlyList<long>>(r => r.DueAsync(10, default));

    private Task<Subscription> Reload(long id) => _h.QueryAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.Id == id));
}
