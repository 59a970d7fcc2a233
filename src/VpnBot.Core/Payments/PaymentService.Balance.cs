using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using VpnBot.Core.Balance;
using VpnBot.Core.Data;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Payments;

/// <summary>
/// Money that moves through the internal balance: top-ups, plans paid from the balance (whole or in part) and
/// refunds back to it. Every balance change is a <see cref="BalanceLedger"/> posting inside the same transaction as
/// the payment's own change, so the two commit or roll back together.
/// </summary>
public sealed partial class PaymentService
{
    private BalanceLedger? _ledger;

    /// <summary>The ledger on this service's context, so its postings join this service's transactions.</summary>
    private BalanceLedger ledger => _ledger ??= new BalanceLedger(db, time);

    /// <summary>
    /// Pays for a plan wholly from the balance: the debit and the subscription's extension in one transaction.
    /// <paramref name="checkoutKey"/> names the press (e.g. the message the button was on): a second press with the
    /// same key, even at the same moment, charges nothing and answers <see cref="PaymentOutcomeKind.Duplicate"/>.
    /// </summary>
    /// <exception cref="PaymentException">Unknown/banned user, plan not sold in RUB, server closed, or the balance is short.</exception>
    public async Task<PaymentOutcome> PayFromBalanceAsync(CheckoutRequest request, string checkoutKey, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkoutKey);
        var (_, plan) = await CheckBuyerAsync(request, ct);
        var price = RubPrice(plan) ?? throw new PaymentException(PaymentError.MethodUnavailable, $"Plan {plan.Id} has no RUB price.");
        var key = $"{request.UserId}:{checkoutKey}";
        PaymentOutcome outcome;
        try
        {
            outcome = await db.InTransactionAsync(async t =>
            {
                // The user first: inserting the payment takes a key-share lock on the user's row (its foreign key), and
                // two presses upgrading that to the user's lock afterwards would deadlock each other.
                var user = await db.LockUserAsync(request.UserId, t);
                // Under the user's lock an earlier press with this key has committed (or never happened). Read, not
                // locked: locking a payment after the user would invert the payment → user order.
                if (await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.PaymentMethod == PaymentMethods.Balance && p.ExternalPaymentId == key, t) is { } earlier)
                    return new PaymentOutcome(PaymentOutcomeKind.Duplicate, earlier.Id, "this press was already paid") { UserId = earlier.UserId, SubscriptionId = earlier.SubscriptionId };
                if (user is null || user.Balance < price)
                    throw new PaymentException(PaymentError.InsufficientBalance, $"Balance {user?.Balance} does not cover {price} RUB.");
                var now = time.GetUtcNow();
                var payment = Payment.OfferWithBalance(request.UserId, plan, PaymentMethods.Balance, new Money(0m, "RUB"), price, now, request.ServerId);
                payment.MarkBalanceCheckout(key);
                db.Payments.Add(payment);
                await db.SaveChangesAsync(t);
                return await ActivateAsync(payment, null, approval: false, now, t);
            }, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same press committed first (a double tap racing itself): it paid; this one changes nothing.
            var earlier = await db.Payments.AsNoTracking().SingleAsync(p => p.PaymentMethod == PaymentMethods.Balance && p.ExternalPaymentId == key, ct);
            outcome = new PaymentOutcome(PaymentOutcomeKind.Duplicate, earlier.Id, "this press was already paid") { UserId = earlier.UserId, SubscriptionId = earlier.SubscriptionId };
        }
        await AfterCommitAsync(outcome, PaymentMethods.Balance, ct);
        return outcome;
    }

    /// <summary>
    /// Records a pending top-up of <paramref name="creditRub"/> charged as <paramref name="price"/> through
    /// <paramref name="gateway"/> and opens it there. <paramref name="asPlan"/> only describes it to the provider.
    /// </summary>
    internal async Task<PaymentStart> OpenTopUpAsync(long userId, IPaymentGateway gateway, SubscriptionPlan asPlan, Money price, decimal creditRub, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new PaymentException(PaymentError.UserNotFound, $"User {userId} not found.");
        if (user.IsBanned) throw new PaymentException(PaymentError.UserBanned, $"User {userId} is banned.");
        var payment = Payment.TopUp(userId, gateway.Name, price, creditRub, time.GetUtcNow());
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);
        GatewayCheckout checkout;
        try
        {
            checkout = await gateway.CreateAsync(payment, asPlan, user, new CheckoutOptions(false), ct);
        }
        catch (PaymentGatewayException e)
        {
            payment.Fail(time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            log.LogWarning("Top-up {PaymentId}: {Provider} refused to open it ({Status} {Code}): {Message}", payment.Id, gateway.Name, e.StatusCode, e.ErrorCode, e.Message);
            throw new PaymentException(PaymentError.ProviderFailed, $"{gateway.Name} is unavailable.", e);
        }
        payment.Open(checkout.ExternalId, checkout.ConfirmationUrl, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        log.LogInformation("Top-up {PaymentId} of {Rub} RUB opened at {Provider} ({ExternalId}) for user {UserId}: {Price}",
            payment.Id, creditRub, gateway.Name, checkout.ExternalId, userId, price);
        return new PaymentStart(payment.Id, gateway.Name, payment.Amount, payment.Currency, checkout.ConfirmationUrl);
    }

    /// <summary>
    /// Admin refund to the customer's balance instead of the provider: the payment becomes Refunded, its period is
    /// taken back and <paramref name="creditRub"/> (its RUB value, the balance part included) is credited, in one
    /// transaction. A top-up cannot be refunded to the balance it was credited to.
    /// </summary>
    public async Task<PaymentOutcome> RefundToBalanceAsync(long paymentId, decimal creditRub, long? actorUserId, string reason, CancellationToken ct)
    {
        var outcome = await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var opening = await OpenAsync(paymentId, PaymentMove.Refund, t);
            if (opening.Answer is { } answer) return answer;
            var payment = opening.Payment!;
            if (payment.Purpose == PaymentPurpose.TopUp)
                return new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, "a top-up is refunded to its provider, not to the balance") { UserId = payment.UserId };
            if (payment.Purpose == PaymentPurpose.Gift && !await gifts.RefundedAsync(payment.Id, now, t))
                return new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, "the gift was already activated") { UserId = payment.UserId };
            await TakeBackAsync(payment, now, t);
            await referralRewards.ReverseAsync(payment.Id, now, t);
            await promoCodes.ReleaseAsync(payment, t);
            if (creditRub > 0)
                await ledger.PostAsync(new BalanceChange(payment.UserId, creditRub, BalanceReason.Refund, payment.LedgerReference, payment.RefundCreditKey, actorUserId), t);
            await db.SaveChangesAsync(t);
            return new PaymentOutcome(PaymentOutcomeKind.Refunded, payment.Id, reason) { UserId = payment.UserId, SubscriptionId = payment.SubscriptionId };
        }, ct);
        if (outcome.Kind == PaymentOutcomeKind.Refunded)
        {
            log.LogInformation("Payment {PaymentId} refunded to the balance ({Rub} RUB): {Reason}", paymentId, creditRub, reason);
            signal.Pulse();
            await NotifySafelyAsync(() => notifier.NoticeAsync(outcome.UserId!.Value, NoticeKeys.PaymentRefunded, [paymentId], ct), outcome.UserId, NoticeKeys.PaymentRefunded);
        }
        return outcome;
    }

    /// <summary>The locked payment is refunded: mark it and take its plan's days back (inside the caller's transaction).</summary>
    private async Task TakeBackAsync(Payment payment, DateTimeOffset now, CancellationToken ct)
    {
        // The user before the subscription (payment → user → subscription): the balance posting that may follow locks
        // the user too, and taking it after the subscription would deadlock against a purchase holding both.
        await db.LockUserAsync(payment.UserId, ct);
        if (payment.Refund(now) && payment.SubscriptionId is { } subscriptionId)
        {
            var days = payment.PlanId is { } planId
                ? await db.Plans.Where(p => p.Id == planId).Select(p => (int?)p.DurationDays).SingleOrDefaultAsync(ct)
                : null;
            if (days > 0) await subscriptions.TakeBackPeriodAsync(subscriptionId, days.Value + payment.BonusDays, now, ct);
            else if (payment.Purpose != PaymentPurpose.TopUp)
                payment.HoldForReview("refunded, but the plan no longer exists: shorten the subscription by hand", now);
        }
    }

    /// <summary>
    /// After a provider refund (inside its transaction): the part paid from the balance goes back to it, and a
    /// refunded top-up is taken back off the balance. When the customer already spent that top-up the balance cannot
    /// pay it back, so the payment is held for an admin instead of the balance going below zero.
    /// </summary>
    private async Task SettleBalanceOnRefundAsync(Payment payment, DateTimeOffset now, CancellationToken ct)
    {
        if (payment.FromBalance > 0)
            await ledger.PostAsync(new BalanceChange(payment.UserId, payment.FromBalance, BalanceReason.Refund, payment.LedgerReference, payment.RefundCreditKey), ct);
        if (payment.Purpose == PaymentPurpose.TopUp && payment.CreditRub is > 0 and var credited
            && await ledger.FindAsync(payment.TopUpCreditKey, ct) is not null)
        {
            var taken = await ledger.PostAsync(new BalanceChange(payment.UserId, -credited, BalanceReason.Reversal, payment.LedgerReference, payment.TopUpReversalKey), ct);
            if (taken.Status == PostingStatus.Insufficient)
                payment.HoldForReview($"top-up refunded by the provider, but the balance ({taken.Balance} RUB) no longer holds the {credited} RUB credited: settle by hand", now);
        }
    }

    /// <summary>
    /// Inside <see cref="ActivateAsync"/>, user locked: a top-up credits the balance; a purchase with a balance part
    /// debits it. False when the balance no longer covers that part (spent since checkout): the caller holds the
    /// payment for review, because the provider's money arrived and an admin decides (approve later, or refund).
    /// </summary>
    private async Task<bool> PostBalancePartAsync(Payment payment, CancellationToken ct)
    {
        if (payment.Purpose == PaymentPurpose.TopUp)
        {
            await ledger.PostAsync(new BalanceChange(payment.UserId, payment.CreditRub ?? payment.Amount, BalanceReason.TopUp, payment.LedgerReference, payment.TopUpCreditKey), ct);
            return true;
        }
        if (payment.FromBalance <= 0) return true;
        var debit = await ledger.PostAsync(new BalanceChange(payment.UserId, -payment.FromBalance, BalanceReason.Purchase, payment.LedgerReference, payment.BalanceDebitKey), ct);
        return debit.Status != PostingStatus.Insufficient;
    }

    /// <summary>The offer at checkout: with <see cref="CheckoutRequest.UseBalance"/>, the balance pays all but one ruble at most (providers charge at least that).</summary>
    private async Task<Payment> OfferAsync(CheckoutRequest request, SubscriptionPlan plan, string method, Money price, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!request.UseBalance || !string.Equals(price.Currency, "RUB", StringComparison.OrdinalIgnoreCase))
            return Payment.Offer(request.UserId, plan, method, price, now, request.ServerId);
        var balance = await ledger.BalanceOfAsync(request.UserId, ct);
        var fromBalance = Math.Min(decimal.Floor(balance * 100) / 100, price.Amount - 1m);
        if (fromBalance <= 0) return Payment.Offer(request.UserId, plan, method, price, now, request.ServerId);
        return Payment.OfferWithBalance(request.UserId, plan, method, new Money(price.Amount - fromBalance, price.Currency), fromBalance, now, request.ServerId);
    }

    /// <summary>A top-up paid (or approved after review): credit the balance and complete it, inside the caller's transaction.</summary>
    private async Task<PaymentOutcome> CreditTopUpAsync(Payment payment, bool approval, DateTimeOffset now, CancellationToken ct)
    {
        await PostBalancePartAsync(payment, ct);
        payment.CompleteTopUp(approval, now);
        await db.SaveChangesAsync(ct);
        return new PaymentOutcome(PaymentOutcomeKind.Completed, payment.Id, $"balance topped up by {payment.CreditRub} RUB") { UserId = payment.UserId };
    }

    private async Task<(User User, SubscriptionPlan Plan)> CheckBuyerAsync(CheckoutRequest request, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.UserId, ct)
            ?? throw new PaymentException(PaymentError.UserNotFound, $"User {request.UserId} not found.");
        if (user.IsBanned) throw new PaymentException(PaymentError.UserBanned, $"User {request.UserId} is banned.");
        var plan = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PlanId && p.IsActive, ct)
            ?? throw new PaymentException(PaymentError.PlanUnavailable, $"Plan {request.PlanId} is not for sale.");
        if (request.ServerId is { } chosen && await db.Servers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == chosen, ct) is not { TakesNewUsers: true })
            throw new PaymentException(PaymentError.ServerUnavailable, $"Server {chosen} takes no new users.");
        return (user, plan);
    }

    /// <summary>What the plan costs from the balance: its RUB price (plans priced in other currencies are not sold for balance).</summary>
    public static decimal? RubPrice(SubscriptionPlan plan) =>
        plan.Price > 0 && string.Equals(plan.Currency, "RUB", StringComparison.OrdinalIgnoreCase) ? plan.Price : null;
}
