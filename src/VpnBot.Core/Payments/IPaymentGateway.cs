using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Payments;

/// <summary>
/// One payment provider (YooKassa, Crypto Pay, Telegram Stars). Gateways only talk to the provider;
/// <see cref="PaymentService"/> owns our records. A gateway without its keys reports
/// <see cref="IsConfigured"/> = false and is not offered to users.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>The value stored in <see cref="Payment.PaymentMethod"/>: see <see cref="PaymentMethods"/>.</summary>
    string Name { get; }

    bool IsConfigured { get; }

    /// <summary>What this plan costs through this provider, or null when it cannot be sold this way (currency, no Stars price).</summary>
    Money? PriceFor(SubscriptionPlan plan);

    /// <summary>Opens the payment at the provider; the customer pays at the returned URL.</summary>
    Task<GatewayCheckout> CreateAsync(Payment payment, SubscriptionPlan plan, User user, CheckoutOptions options, CancellationToken ct);

    /// <summary>Re-reads the payment from the provider's API: the only status and amount we trust.</summary>
    Task<GatewayPayment> FetchAsync(string externalId, CancellationToken ct);

    /// <summary>Returns the whole amount to the customer.</summary>
    Task<GatewayRefund> RefundAsync(Payment payment, User user, CancellationToken ct);
}

/// <summary>A provider that can charge a saved payment method without the customer (auto-renewal).</summary>
public interface IRecurringPaymentGateway : IPaymentGateway
{
    /// <summary>Charges <paramref name="paymentMethodId"/>; retrying with the same <paramref name="payment"/> never charges twice.</summary>
    Task<GatewayPayment> ChargeSavedMethodAsync(Payment payment, SubscriptionPlan plan, User user, string paymentMethodId, CancellationToken ct);
}

public readonly record struct Money(decimal Amount, string Currency)
{
    public override string ToString() => $"{Amount.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {Currency}";
}

/// <param name="SavePaymentMethod">The customer opted into auto-renewal: ask the provider to keep the card.</param>
public sealed record CheckoutOptions(bool SavePaymentMethod);

/// <param name="ExternalId">The provider's id when it assigns one at creation (null for Stars: the charge id comes with the payment).</param>
public sealed record GatewayCheckout(string? ExternalId, string ConfirmationUrl);

public enum GatewayPaymentStatus { Pending, WaitingForCapture, Succeeded, Canceled }

/// <summary>A payment as the provider's API reports it.</summary>
/// <param name="PaymentId">Our payment id as the provider echoes it back (metadata / payload); null when absent.</param>
/// <param name="SavedPaymentMethodId">Set when the provider saved the card for later charges.</param>
public sealed record GatewayPayment(
    string ExternalId,
    GatewayPaymentStatus Status,
    decimal Amount,
    string Currency,
    long? PaymentId,
    string? SavedPaymentMethodId = null,
    string? CancellationReason = null);

/// <param name="Succeeded">False while the provider still processes the refund (its notification completes it).</param>
public sealed record GatewayRefund(string? ExternalRefundId, bool Succeeded);
