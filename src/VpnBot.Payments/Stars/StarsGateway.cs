using Microsoft.Extensions.Options;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Payments.Stars;

/// <summary>
/// Telegram Stars (XTR), the payment Telegram requires for digital goods. Offered when
/// <c>Payments:Stars:Enabled</c> is true and the host registered <see cref="ITelegramStars"/>.
/// There is no API to re-read a Stars payment: Telegram's successful_payment update is the proof.
/// </summary>
public sealed class StarsGateway(IOptionsMonitor<StarsOptions> options, IEnumerable<ITelegramStars> telegram) : IPaymentGateway
{
    private readonly ITelegramStars? _telegram = telegram.FirstOrDefault();

    public string Name => PaymentMethods.Stars;

    public bool IsConfigured => options.CurrentValue.Enabled && _telegram is not null;

    public Money? PriceFor(SubscriptionPlan plan) =>
        plan.PriceStars is { } stars && stars > 0 ? new Money(stars, PaymentMethods.StarsCurrency) : null;

    public async Task<GatewayCheckout> CreateAsync(Payment payment, SubscriptionPlan plan, User user, CheckoutOptions options, CancellationToken ct)
    {
        var title = plan.Name.Length <= 32 ? plan.Name : plan.Name[..32];
        var description = string.IsNullOrWhiteSpace(plan.Description) ? $"VPN, {plan.DurationDays} days" : plan.Description;
        if (description.Length > 255) description = description[..255];
        var link = await Telegram.CreateInvoiceLinkAsync(
            new StarsInvoice(title, description, StarsPayload.For(payment.Id), (int)payment.Amount, user.TelegramId), ct);
        return new GatewayCheckout(null, link);
    }

    public Task<GatewayPayment> FetchAsync(string externalId, CancellationToken ct) =>
        throw new NotSupportedException("Telegram has no API to look up one Stars payment; successful_payment is the proof.");

    public async Task<GatewayRefund> RefundAsync(Payment payment, User user, CancellationToken ct)
    {
        if (payment.ExternalPaymentId is null) throw new PaymentGatewayException($"Payment {payment.Id} has no telegram_payment_charge_id");
        await Telegram.RefundStarPaymentAsync(user.TelegramId, payment.ExternalPaymentId, ct);
        return new GatewayRefund(payment.ExternalPaymentId, Succeeded: true);
    }

    private ITelegramStars Telegram => _telegram ?? throw new PaymentGatewayException("Stars payments need ITelegramStars from the host");
}
