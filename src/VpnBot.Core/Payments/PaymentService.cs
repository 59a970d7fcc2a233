using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;
using VpnBot.Core.Operations;
using VpnBot.Core.Promotions;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Payments;

/// <summary>
/// Money in, access out. Starting a payment records what was offered; completing it is exactly-once,
/// enforced by PostgreSQL: the payment row is locked, the provider event is inserted into processed_events
/// (unique provider + key), and the subscription extension plus its backend task commit in the same
/// transaction. Customers are told only after the commit.
/// </summary>
public sealed partial class PaymentService(
    AppDbContext db,
    SubscriptionService subscriptions,
    IEnumerable<IPaymentGateway> gateways,
    TimeProvider time,
    ICustomerNotifier notifier,
    IOperatorAlerts alerts,
    BackendTaskSignal signal,
    PromoCodes promoCodes,
    ILogger<PaymentService> log,
    Referrals.ReferralProgram referralProgram,
    Referrals.ReferralRewards referralRewards,
    Gifts.GiftService gifts)
{
    private readonly IReadOnlyList<IPaymentGateway> _gateways = gateways.ToList();

    /// <summary>The configured providers that can sell <paramref name="plan"/>, with the price through each.</summary>
    public IReadOnlyList<PaymentOption> OptionsFor(SubscriptionPlan plan) =>
        [.. _gateways.Where(g => g.IsConfigured)
            .Select(g => (Gateway: g, Price: g.PriceFor(plan)))
            .Where(o => o.Price is not null)
            .Select(o => new PaymentOption(o.Gateway.Name, o.Price!.Value) { SavesCard = o.Gateway is IRecurringPaymentGateway })];

    /// <summary>
    /// Records a pending payment at the price offered now and opens it at the provider.
    /// <paramref name="saveForAutoRenewal"/>: the customer accepted the auto-renewal terms on the consent screen; the
    /// consent is recorded on the payment and the provider is asked to keep the card (YooKassa only).
    /// </summary>
    /// <exception cref="PaymentException">Unknown/banned user, plan not for sale, server taking no new users, provider not offered or down.</exception>
    public Task<PaymentStart> StartAsync(long userId, long planId, string method, bool saveForAutoRenewal, CancellationToken ct) =>
        StartAsync(userId, planId, method, saveForAutoRenewal, serverId: null, ct);

    /// <param name="serverId">The location chosen for a first subscription (ignored when renewing one that has a server).</param>
    public Task<PaymentStart> StartAsync(long userId, long planId, string method, bool saveForAutoRenewal, long? serverId, CancellationToken ct) =>
        StartAsync(new CheckoutRequest(userId, planId, method, serverId) { SaveCard = saveForAutoRenewal }, ct);

    /// <summary>Records a pending payment for what the customer chose at checkout and opens it at the provider.</summary>
    /// <exception cref="PaymentException">Unknown/banned user, plan not for sale, server taking no new users, provider not offered or down.</exception>
    public async Task<PaymentStart> StartAsync(CheckoutRequest request, CancellationToken ct)
    {
        var (userId, planId, method, serverId) = (request.UserId, request.PlanId, request.Method, request.ServerId);
        var saveForAutoRenewal = request.SaveCard;
        var gateway = Gateway(method);
        if (gateway is not { IsConfigured: true })
            throw new PaymentException(PaymentError.MethodUnavailable, $"Payment method '{method}' is not available.");
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw new PaymentException(PaymentError.UserNotFound, $"User {userId} not found.");
        if (user.IsBanned) throw new PaymentException(PaymentError.UserBanned, $"User {userId} is banned.");
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == planId && p.IsActive, ct)
            ?? throw new PaymentException(PaymentError.PlanUnavailable, $"Plan {planId} is not for sale.");
        // The id comes from a button the client may have forged or kept since the server was closed.
        if (serverId is { } chosen && await db.Servers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == chosen, ct) is not { TakesNewUsers: true })
            throw new PaymentException(PaymentError.ServerUnavailable, $"Server {chosen} takes no new users.");
        var price = gateway.PriceFor(plan)
            ?? throw new PaymentException(PaymentError.MethodUnavailable, $"Plan {planId} cannot be paid with '{method}'.");
        var isGift = request.Purpose == PaymentPurpose.Gift;
        var now = time.GetUtcNow();
        // Discounts never stack: an invited customer's first-purchase discount and a promo code each price the list
        // price, and the lower price wins. A gift is bought at the list price.
        var referralPrice = isGift ? null : await referralProgram.FirstPurchasePriceAsync(userId, price, ct);
        // The code's discount is fixed on the payment now, and its use reserved with it (see PromoCodes.Checkout.cs).
        var promo = !isGift && request.PromoCode is { Length: > 0 } code ? await promoCodes.PriceAsync(userId, plan, price, code, ct) : null;
        if (promo is not null && referralPrice is { } beats && beats.Amount < promo.Price.Amount) promo = null;
        var offered = promo?.Price ?? (referralPrice is { } r && r.Amount < price.Amount ? r : price);

        // A gift is placed where its recipient's purchase would be, so the buyer's location choice does not apply.
        var payment = isGift
            ? Payment.Offer(userId, plan, gateway.Name, offered, now, null, purpose: PaymentPurpose.Gift)
            : await OfferAsync(request, plan, gateway.Name, offered, ct); // with the balance's part when the customer asked for it
        if (saveForAutoRenewal && !isGift && gateway is IRecurringPaymentGateway) payment.RecordAutoRenewalConsent(now);
        if (promo is null)
        {
            db.Payments.Add(payment);
            await db.SaveChangesAsync(ct);
        }
        else
        {
            payment.RecordPromo(promo.Code.Id, price.Amount, promo.BonusDays);
            await promoCodes.SaveReservedAsync(payment, plan.Id, ct);
        }

        GatewayCheckout checkout;
        try
        {
            var save = saveForAutoRenewal && gateway is IRecurringPaymentGateway;
            checkout = await gateway.CreateAsync(payment, plan, user, new CheckoutOptions(save), ct);
        }
        catch (PaymentGatewayException e)
        {
            // The customer never saw a payment link, so nothing can be paid on this record.
            payment.Fail(time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            await promoCodes.ReleaseAsync(payment, CancellationToken.None);
            log.LogWarning("Payment {PaymentId}: {Provider} refused to open it ({Status} {Code}): {Message}",
                payment.Id, gateway.Name, e.StatusCode, e.ErrorCode, e.Message);
            throw new PaymentException(PaymentError.ProviderFailed, $"{gateway.Name} is unavailable.", e);
        }

        payment.Open(checkout.ExternalId, checkout.ConfirmationUrl, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        log.LogInformation("Payment {PaymentId} opened at {Provider} ({ExternalId}) for user {UserId}, plan {PlanId}: {Price}",
            payment.Id, gateway.Name, checkout.ExternalId, userId, plan.Id, price);
        return new PaymentStart(payment.Id, gateway.Name, payment.Amount, payment.Currency, checkout.ConfirmationUrl);
    }

    internal IPaymentGateway? Gateway(string name) =>
        _gateways.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    private async Task NotifySafelyAsync(Func<Task> notify, long? userId, string what)
    {
        try
        {
            await notify();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The money side is committed; a failed message must not undo or repeat it.
            log.LogWarning(e, "Could not tell user {UserId} about {What}", userId, what);
        }
    }

    private async Task AlertReviewAsync(long paymentId, CancellationToken ct)
    {
        try
        {
            await alerts.PaymentNeedsReviewAsync(paymentId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The payment stays flagged; the admin bot's review list still shows it.
            log.LogWarning(e, "Could not alert the admins about payment {PaymentId}", paymentId);
        }
    }
}
