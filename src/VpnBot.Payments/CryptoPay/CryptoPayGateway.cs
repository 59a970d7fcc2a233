using System.Globalization;
using Microsoft.Extensions.Options;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Payments.CryptoPay;

/// <summary>
/// Crypto Pay (@CryptoBot): an invoice priced in the plan's fiat currency, paid in crypto inside Telegram.
/// Crypto Pay has no refund API: refunds are sent by hand and recorded with PaymentService.RecordManualRefundAsync.
/// </summary>
public sealed class CryptoPayGateway : IPaymentGateway
{
    private readonly CryptoPayClient _client;
    private readonly IOptionsMonitor<CryptoPayOptions> _options;

    internal CryptoPayGateway(CryptoPayClient client, IOptionsMonitor<CryptoPayOptions> options)
    {
        _client = client;
        _options = options;
    }

    public string Name => PaymentMethods.CryptoPay;

    public bool IsConfigured => _options.CurrentValue.IsConfigured;

    public Money? PriceFor(SubscriptionPlan plan) =>
        plan.Price > 0 && _options.CurrentValue.Fiats.Contains(plan.Currency, StringComparer.OrdinalIgnoreCase)
            ? new Money(plan.Price, plan.Currency.ToUpperInvariant())
            : null;

    public async Task<GatewayCheckout> CreateAsync(Payment payment, SubscriptionPlan plan, User user, CheckoutOptions options, CancellationToken ct)
    {
        var o = _options.CurrentValue;
        var description = $"{plan.Name}, order {payment.Id}";
        var invoice = await _client.CreateInvoiceAsync(new CryptoPayCreateInvoice
        {
            Fiat = payment.Currency,
            Amount = payment.Amount.ToString("0.00", CultureInfo.InvariantCulture),
            AcceptedAssets = string.IsNullOrWhiteSpace(o.AcceptedAssets) ? null : o.AcceptedAssets,
            Description = description.Length <= 1024 ? description : description[..1024],
            Payload = CryptoPayJson.PayloadFor(payment.Id),
            ExpiresIn = (int)Math.Clamp(o.InvoiceLifetime.TotalSeconds, 60, 2_678_400),
        }, ct);
        var url = invoice.BotInvoiceUrl
            ?? throw new PaymentGatewayException($"Crypto Pay invoice {invoice.InvoiceId} came back without bot_invoice_url", 200, null);
        return new GatewayCheckout(invoice.InvoiceId.ToString(CultureInfo.InvariantCulture), url);
    }

    public async Task<GatewayPayment> FetchAsync(string externalId, CancellationToken ct)
    {
        if (!long.TryParse(externalId, NumberStyles.None, CultureInfo.InvariantCulture, out var invoiceId))
            throw new PaymentGatewayException($"'{externalId}' is not a Crypto Pay invoice id", 404, "INVOICE_NOT_FOUND");
        var invoice = await _client.GetInvoiceAsync(invoiceId, ct)
            ?? throw new PaymentGatewayException($"Crypto Pay has no invoice {invoiceId}", 404, "INVOICE_NOT_FOUND");
        return ToGatewayPayment(invoice);
    }

    public Task<GatewayRefund> RefundAsync(Payment payment, User user, CancellationToken ct) =>
        throw new NotSupportedException("Crypto Pay has no refund API.");

    internal static GatewayPayment ToGatewayPayment(CryptoPayInvoice invoice)
    {
        var price = invoice.Price()
            ?? throw new PaymentGatewayException($"Crypto Pay invoice {invoice.InvoiceId} has no readable amount", 200, null);
        var status = invoice.Status switch
        {
            "paid" => GatewayPaymentStatus.Succeeded,
            "expired" => GatewayPaymentStatus.Canceled,
            _ => GatewayPaymentStatus.Pending,
        };
        return new GatewayPayment(invoice.InvoiceId.ToString(CultureInfo.InvariantCulture), status, price.Amount, price.Currency,
            CryptoPayJson.PaymentIdFrom(invoice.Payload), null, status == GatewayPaymentStatus.Canceled ? "expired" : null);
    }
}
