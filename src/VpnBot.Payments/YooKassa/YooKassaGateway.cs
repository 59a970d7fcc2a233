using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Payments.YooKassa;

/// <summary>
/// YooKassa (roubles): redirect confirmation for a first payment, saved card charges for auto-renewal,
/// refunds, and a 54-FZ receipt on each when <see cref="YooKassaOptions.ReceiptEmail"/> is set.
/// </summary>
public sealed class YooKassaGateway : IRecurringPaymentGateway
{
    internal const string PaymentIdKey = "payment_id";

    private readonly YooKassaClient _client;
    private readonly IOptionsMonitor<YooKassaOptions> _options;

    internal YooKassaGateway(YooKassaClient client, IOptionsMonitor<YooKassaOptions> options)
    {
        _client = client;
        _options = options;
    }

    public string Name => PaymentMethods.YooKassa;

    public bool IsConfigured => _options.CurrentValue.IsConfigured;

    public Money? PriceFor(SubscriptionPlan plan) =>
        plan.Price > 0 && string.Equals(plan.Currency, "RUB", StringComparison.OrdinalIgnoreCase) ? new Money(plan.Price, "RUB") : null;

    public async Task<GatewayCheckout> CreateAsync(Payment payment, SubscriptionPlan plan, User user, CheckoutOptions options, CancellationToken ct)
    {
        var o = _options.CurrentValue;
        var created = await _client.CreatePaymentAsync(new YooKassaCreatePayment
        {
            Amount = YooKassaAmount.Of(payment.Amount, payment.Currency),
            Confirmation = new YooKassaConfirmationRequest("redirect", o.ReturnUrl!),
            SavePaymentMethod = options.SavePaymentMethod ? true : null,
            Description = Describe(plan, payment),
            Metadata = Metadata(payment, user),
            Receipt = Receipt(o, plan, payment.Amount, payment.Currency),
        }, IdempotenceKey("payment", payment), ct);
        var url = created.Confirmation?.ConfirmationUrl
            ?? throw new PaymentGatewayException($"YooKassa payment {created.Id} came back without a confirmation URL", 200, null);
        return new GatewayCheckout(created.Id, url);
    }

    public async Task<GatewayPayment> FetchAsync(string externalId, CancellationToken ct) =>
        ToGatewayPayment(await _client.GetPaymentAsync(externalId, ct));

    /// <summary>Charges the saved card without the customer; the idempotence key is fixed by our payment row.</summary>
    public async Task<GatewayPayment> ChargeSavedMethodAsync(Payment payment, SubscriptionPlan plan, User user, string paymentMethodId, CancellationToken ct)
    {
        var o = _options.CurrentValue;
        var created = await _client.CreatePaymentAsync(new YooKassaCreatePayment
        {
            Amount = YooKassaAmount.Of(payment.Amount, payment.Currency),
            PaymentMethodId = paymentMethodId,
            Description = Describe(plan, payment),
            Metadata = Metadata(payment, user),
            Receipt = Receipt(o, plan, payment.Amount, payment.Currency),
        }, IdempotenceKey("payment", payment), ct);
        return ToGatewayPayment(created);
    }

    public async Task<GatewayRefund> RefundAsync(Payment payment, User user, CancellationToken ct)
    {
        if (payment.ExternalPaymentId is null) throw new PaymentGatewayException($"Payment {payment.Id} has no YooKassa id to refund");
        var o = _options.CurrentValue;
        var plan = payment.Plan ?? new SubscriptionPlan { Name = "VPN", Currency = payment.Currency };
        var refund = await _client.CreateRefundAsync(new YooKassaCreateRefund(
            payment.ExternalPaymentId,
            YooKassaAmount.Of(payment.Amount, payment.Currency),
            $"Refund of order {payment.Id}",
            Receipt(o, plan, payment.Amount, payment.Currency)), IdempotenceKey("refund", payment), ct);
        return new GatewayRefund(refund.Id, refund.Status == "succeeded");
    }

    /// <summary>Re-reads a refund (for refund.succeeded notifications).</summary>
    public async Task<VerifiedRefund> FetchRefundAsync(string refundId, CancellationToken ct)
    {
        var refund = await _client.GetRefundAsync(refundId, ct);
        if (refund.Amount is null) throw new PaymentGatewayException($"YooKassa refund {refund.Id} has no amount", 200, null);
        return new VerifiedRefund(refund.Id, refund.PaymentId, refund.Status, refund.Amount.ToDecimal(), refund.Amount.Currency);
    }

    /// <summary>
    /// One key per logical operation, derived from our payment row so a retry (even after a restart) sends the
    /// same key; the creation time keeps keys from two databases (staging, production) from colliding.
    /// </summary>
    internal static string IdempotenceKey(string operation, Payment payment) =>
        $"vpnbot-{operation}-{payment.Id}-{payment.CreatedAt.ToUnixTimeMilliseconds()}";

    internal static GatewayPayment ToGatewayPayment(YooKassaPayment p)
    {
        if (p.Amount is null) throw new PaymentGatewayException($"YooKassa payment {p.Id} has no amount", 200, null);
        var status = p.Status switch
        {
            "succeeded" => GatewayPaymentStatus.Succeeded,
            "canceled" => GatewayPaymentStatus.Canceled,
            "waiting_for_capture" => GatewayPaymentStatus.WaitingForCapture,
            _ => GatewayPaymentStatus.Pending,
        };
        return new GatewayPayment(
            p.Id,
            status,
            p.Amount.ToDecimal(),
            p.Amount.Currency,
            OurPaymentId(p.Metadata),
            p.PaymentMethod is { Saved: true, Id: { } methodId } ? methodId : null,
            p.CancellationDetails?.Reason);
    }

    private static long? OurPaymentId(Dictionary<string, JsonElement>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(PaymentIdKey, out var value)) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    private static Dictionary<string, string> Metadata(Payment payment, User user) => new()
    {
        [PaymentIdKey] = payment.Id.ToString(CultureInfo.InvariantCulture),
        ["tg_user_id"] = user.TelegramId.ToString(CultureInfo.InvariantCulture),
        ["renewal"] = payment.IsRenewal ? "true" : "false",
    };

    private static string Describe(SubscriptionPlan plan, Payment payment)
    {
        var text = $"{plan.Name}, order {payment.Id}";
        return text.Length <= 128 ? text : text[..128];
    }

    private static YooKassaReceipt? Receipt(YooKassaOptions o, SubscriptionPlan plan, decimal amount, string currency)
    {
        if (string.IsNullOrWhiteSpace(o.ReceiptEmail)) return null;
        var line = plan.Name.Length <= 128 ? plan.Name : plan.Name[..128];
        return new YooKassaReceipt(
            new YooKassaReceiptCustomer(o.ReceiptEmail),
            [new YooKassaReceiptItem(line, "1.00", YooKassaAmount.Of(amount, currency), o.VatCode, "full_payment", "service")],
            o.TaxSystemCode);
    }
}

/// <summary>A refund as YooKassa's API reports it.</summary>
public sealed record VerifiedRefund(string Id, string PaymentId, string Status, decimal Amount, string Currency);
