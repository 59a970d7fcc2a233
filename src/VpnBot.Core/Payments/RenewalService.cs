using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpnBot.Core.Balance;
using VpnBot.Core.Data;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Payments;

public enum RenewalStatus { NotDue, NotEnabled, NoSavedMethod, Unavailable, AlreadyDeclined, Charged, Pending, Declined, NeedsReview, CustomerBanned, PaidFromBalance }

public sealed record RenewalResult(RenewalStatus Status, long? PaymentId, string Reason);

/// <summary>
/// Auto-renewal: from the customer's balance when it covers the price (debited and the period added in one
/// transaction, so a retry finds the period paid and never debits twice), else with the saved card (YooKassa): one
/// renewal payment per attempt. The payment row is created
/// under the subscription's lock, and its id fixes the provider's Idempotence-Key, so a retry after a
/// timeout or a crash reuses both and the customer is charged at most once.
/// A banned customer is never charged: the ban switches the keys off, so a charge would take money for
/// a service that is off. The ban pauses renewal without forgetting the card or the customer's choice
/// (a ban can be a mistake); lifting it resumes renewal for a subscription that is still active.
/// </summary>
public sealed class RenewalService(
    AppDbContext db,
    PaymentService payments,
    BalanceLedger ledger,
    IEnumerable<IPaymentGateway> gateways,
    TimeProvider time,
    IOptions<SubscriptionOptions> options,
    ILogger<RenewalService> log)
{
    /// <summary>
    /// Subscriptions whose renewal charge is due now (for the scheduler to call <see cref="ChargeAsync"/> on): switched
    /// on, within <see cref="SubscriptionOptions.RenewBefore"/> of the expiry (or past it, within the grace), a plan
    /// still for sale, a customer not banned and with a saved card, and not waiting for the next retry of a decline.
    /// </summary>
    public async Task<IReadOnlyList<long>> DueAsync(int batch, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var horizon = now + o.RenewBefore;
        var graceStart = now - o.RenewalGrace;
        var renewBefore = o.RenewBefore;
        // Few rows: only switched-on subscriptions in the few days around their expiry. The retry rule is checked
        // here rather than in SQL because its schedule is configuration.
        var candidates = await db.Subscriptions.AsNoTracking()
            .Where(s => s.AutoRenewal && s.ExpiresAt <= horizon
                && (s.Status == SubscriptionStatus.Active || (s.Status == SubscriptionStatus.Expired && s.ExpiresAt > graceStart))
                && db.Plans.Any(p => p.Id == s.PlanId && p.IsActive)
                && db.Users.Any(u => u.Id == s.UserId && u.SavedPaymentMethodId != null && !u.IsBanned))
            .OrderBy(s => s.ExpiresAt)
            .Select(s => new
            {
                s.Id,
                ExpiresAt = s.ExpiresAt!.Value,
                Declines = db.Payments.Where(p => p.SubscriptionId == s.Id && p.IsRenewal && p.Status == PaymentStatus.Failed
                    && p.CreatedAt >= s.ExpiresAt!.Value - renewBefore).Select(p => p.UpdatedAt).ToList(),
            })
            .ToListAsync(ct);
        return [.. candidates.Where(c => RetryRefusal(c.Declines.Count, c.Declines.Count == 0 ? null : c.Declines.Max(), c.ExpiresAt, now) is null)
            .Take(batch).Select(c => c.Id)];
    }

    /// <summary>
    /// Why this period's charge must not be tried now after <paramref name="declines"/> declines, or null. The schedule
    /// (<see cref="SubscriptionOptions.RenewalRetryDays"/>, by default 1 day after the first decline, 2 after the
    /// second) never reaches past the expiry plus <see cref="SubscriptionOptions.RenewalGrace"/>.
    /// </summary>
    private string? RetryRefusal(int declines, DateTimeOffset? lastDecline, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var o = options.Value;
        if (now > expiresAt + o.RenewalGrace) return "past the expiry and its grace period";
        if (declines == 0) return null;
        var retries = o.RenewalRetries();
        if (declines > retries.Count) return $"declined {declines} times; no more retries this period";
        var retryAt = lastDecline!.Value.AddDays(retries[declines - 1]);
        return retryAt > now ? $"declined; retried at {retryAt:O}" : null;
    }

    public async Task<RenewalResult> ChargeAsync(long subscriptionId, CancellationToken ct)
    {
        var gateway = gateways.OfType<IRecurringPaymentGateway>().FirstOrDefault(g => g.IsConfigured);
        var prepared = await PrepareAsync(subscriptionId, gateway, ct);
        if (prepared.PaidFromBalance is { } paid) await payments.AnnounceAsync(paid, "balance", ct);
        if (prepared.Result is { } early) return early;
        var (payment, plan, user) = (prepared.Payment!, prepared.Plan!, prepared.User!);
        return await ChargeCardAsync(gateway!, payment, plan, user, ct); // a card charge is only prepared with a provider
    }

    private async Task<RenewalResult> ChargeCardAsync(IRecurringPaymentGateway gateway, Payment payment, SubscriptionPlan plan, Users.User user, CancellationToken ct)
    {

        GatewayPayment state;
        try
        {
            // A charge YooKassa already answered is only re-read: a second create could outlive the
            // provider's idempotence window and charge again.
            state = payment.ExternalPaymentId is { } known
                ? await gateway.FetchAsync(known, ct)
                : await gateway.ChargeSavedMethodAsync(payment, plan, user, user.SavedPaymentMethodId!, ct);
        }
        catch (PaymentGatewayException e) when (e.IsTransient)
        {
            // Unknown whether the provider created the charge: the next run repeats it with the same key.
            log.LogWarning("Renewal payment {PaymentId}: {Provider} did not answer ({Status}); will retry with the same idempotence key",
                payment.Id, gateway.Name, e.StatusCode);
            return new RenewalResult(RenewalStatus.Pending, payment.Id, "provider unreachable; retried on the next run");
        }
        catch (PaymentGatewayException e)
        {
            var failed = await payments.FailAsync(gateway.Name, "rejected:" + payment.Id, null, payment.Id, e.ErrorCode ?? "rejected", ct);
            return new RenewalResult(RenewalStatus.Declined, failed.PaymentId, e.Message);
        }

        if (payment.ExternalPaymentId is null)
            await db.Payments.Where(p => p.Id == payment.Id && p.ExternalPaymentId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ExternalPaymentId, state.ExternalId), ct);
        var outcome = await payments.ConfirmFromProviderAsync(gateway.Name, state with { PaymentId = payment.Id }, ct);
        return outcome.Kind switch
        {
            PaymentOutcomeKind.Completed or PaymentOutcomeKind.Duplicate => new RenewalResult(RenewalStatus.Charged, payment.Id, outcome.Reason),
            PaymentOutcomeKind.Failed => new RenewalResult(RenewalStatus.Declined, payment.Id, outcome.Reason),
            PaymentOutcomeKind.NeedsReview => new RenewalResult(RenewalStatus.NeedsReview, payment.Id, outcome.Reason),
            _ => new RenewalResult(RenewalStatus.Pending, payment.Id, outcome.Reason),
        };
    }

    /// <summary>YooKassa remembers an Idempotence-Key for about 24 hours; stop retrying well before that.</summary>
    private static readonly TimeSpan UnknownOutcomeAfter = TimeSpan.FromHours(12);

    private sealed record Prepared(RenewalResult? Result, Payment? Payment = null, SubscriptionPlan? Plan = null, Users.User? User = null)
    {
        /// <summary>The renewal was paid from the balance in the transaction; the customer is told after the commit.</summary>
        public PaymentOutcome? PaidFromBalance { get; init; }
    }

    /// <summary>Under the user and subscription locks: decide whether to charge, and find or create this period's renewal payment.</summary>
    private Task<Prepared> PrepareAsync(long subscriptionId, IPaymentGateway? gateway, CancellationToken ct) =>
        db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var renewBefore = options.Value.RenewBefore;
            var userId = await db.Subscriptions.Where(s => s.Id == subscriptionId).Select(s => (long?)s.UserId).SingleOrDefaultAsync(t)
                ?? throw new SubscriptionNotFoundException(subscriptionId);
            var user = (await db.LockUserAsync(userId, t))!;
            var subscription = (await db.LockSubscriptionAsync(subscriptionId, t))!;
            if (!subscription.AutoRenewal || subscription.Status is SubscriptionStatus.Suspended or SubscriptionStatus.Pending)
                return new Prepared(new RenewalResult(RenewalStatus.NotEnabled, null, $"auto-renewal off or subscription {subscription.Status}"));
            if (user.IsBanned)
                return new Prepared(new RenewalResult(RenewalStatus.CustomerBanned, null, "customer banned: renewal paused"));
            if (user.SavedPaymentMethodId is null)
                return new Prepared(new RenewalResult(RenewalStatus.NoSavedMethod, null, "no saved payment method"));
            if (subscription.ExpiresAt is not { } expiresAt || expiresAt > now + renewBefore)
                return new Prepared(new RenewalResult(RenewalStatus.NotDue, null, $"expires {subscription.ExpiresAt:O}"));
            if (now > expiresAt + options.Value.RenewalGrace)
                return new Prepared(new RenewalResult(RenewalStatus.NotDue, null, $"expired {expiresAt:O}, past the grace period"));

            var windowStart = expiresAt - renewBefore;
            var attempts = await db.Payments
                .Where(p => p.SubscriptionId == subscriptionId && p.IsRenewal && p.CreatedAt >= windowStart)
                .OrderByDescending(p => p.Id).ToListAsync(t);
            var existing = attempts.FirstOrDefault();
            var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == subscription.PlanId, t);
            switch (existing?.Status)
            {
                case PaymentStatus.Failed when RetryRefusal(attempts.Count(p => p.Status == PaymentStatus.Failed), existing.UpdatedAt, expiresAt, now) is { } wait:
                    return new Prepared(new RenewalResult(RenewalStatus.AlreadyDeclined, existing.Id, wait));
                case PaymentStatus.Failed:
                    break; // the next try on the schedule: a new payment, so a new idempotence key
                case PaymentStatus.Completed or PaymentStatus.Refunded:
                    return new Prepared(new RenewalResult(RenewalStatus.NotDue, existing.Id, "this period is already paid"));
                case PaymentStatus.Pending when existing.NeedsReview:
                    return new Prepared(new RenewalResult(RenewalStatus.NeedsReview, existing.Id, existing.ReviewReason ?? "under review"));
                case PaymentStatus.Pending when existing.ExternalPaymentId is null && now - existing.CreatedAt > UnknownOutcomeAfter:
                    // Answers lost for so long that the provider may have forgotten the idempotence key:
                    // charging again could charge twice. A person checks the provider's dashboard instead.
                    existing.HoldForReview("renewal charge outcome unknown (no answer from the provider); check the provider's dashboard", now);
                    await db.SaveChangesAsync(t);
                    log.LogError("Renewal payment {PaymentId} for subscription {SubscriptionId}: outcome unknown, flagged for review", existing.Id, subscriptionId);
                    return new Prepared(new RenewalResult(RenewalStatus.NeedsReview, existing.Id, existing.ReviewReason!));
                case PaymentStatus.Pending when plan is not null:
                    return new Prepared(null, existing, plan, user); // a retry: same payment, same idempotence key
            }

            // A plan taken out of sale is never renewed, however it would be paid.
            if (plan is not { IsActive: true })
                return new Prepared(new RenewalResult(RenewalStatus.Unavailable, null, "the plan is no longer for sale"));
            if (plan.Currency == BalanceCurrency && plan.Price > 0 && user.Balance >= plan.Price)
                return await PayFromBalanceAsync(user, subscription, plan, now, t);
            if (gateway is null)
                return new Prepared(new RenewalResult(RenewalStatus.Unavailable, null, "the balance does not cover it and no provider with saved payment methods is configured"));
            var price = gateway.PriceFor(plan);
            if (price is null)
                return new Prepared(new RenewalResult(RenewalStatus.Unavailable, null, "the plan is no longer sold through a renewable provider"));
            var payment = Payment.Offer(user.Id, plan!, gateway.Name, price.Value, now, renewing: subscription.Id);
            db.Payments.Add(payment);
            await db.SaveChangesAsync(t);
            return new Prepared(null, payment, plan, user);
        }, ct);

    /// <summary>The balance's currency: only plans priced in it renew from the balance.</summary>
    private const string BalanceCurrency = "RUB";

    /// <summary>Stored in <see cref="Payment.PaymentMethod"/> for a renewal paid from the balance.</summary>
    public const string BalanceMethod = "balance";

    /// <summary>
    /// Inside PrepareAsync's transaction, under the user and subscription locks: a renewal payment, its debit (keyed by
    /// the payment, reason Purchase) and the new period commit together or not at all.
    /// </summary>
    private async Task<Prepared> PayFromBalanceAsync(Users.User user, Subscription subscription, SubscriptionPlan plan, DateTimeOffset now, CancellationToken ct)
    {
        var payment = Payment.Offer(user.Id, plan, BalanceMethod, new Money(plan.Price, BalanceCurrency), now, renewing: subscription.Id);
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);
        var reference = "payment:" + payment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var posting = await ledger.PostAsync(new BalanceChange(user.Id, -plan.Price, BalanceReason.Purchase, reference, "purchase:" + reference), ct);
        if (posting.Status != PostingStatus.Posted) // cannot happen under the user's lock; roll everything back if it does
            throw new InvalidOperationException($"Renewal payment {payment.Id}: the balance debit was {posting.Status}.");
        var outcome = await payments.CompletePaidAsync(payment, now, ct);
        log.LogInformation("Renewal of subscription {SubscriptionId} paid from the balance: payment {PaymentId}, {Amount} {Currency}",
            subscription.Id, payment.Id, plan.Price, BalanceCurrency);
        return new Prepared(new RenewalResult(RenewalStatus.PaidFromBalance, payment.Id, outcome.Reason)) { PaidFromBalance = outcome };
    }
}
