using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpnBot.Core.Payments;
using VpnBot.Payments.CryptoPay;

namespace VpnBot.Payments.Webhooks;

/// <summary>
/// <c>POST /webhooks/payments/cryptopay</c>. The signature is checked over the raw bytes before anything is
/// parsed; only then is the invoice (signed by Crypto Pay) acted on. Repeats are recognised by invoice id.
/// </summary>
public sealed class CryptoPayWebhookHandler
{
    private readonly PaymentService _payments;
    private readonly IOptionsMonitor<CryptoPayOptions> _options;
    private readonly ILogger<CryptoPayWebhookHandler> _log;

    public CryptoPayWebhookHandler(PaymentService payments, IOptionsMonitor<CryptoPayOptions> options, ILogger<CryptoPayWebhookHandler> log)
    {
        _payments = payments;
        _options = options;
        _log = log;
    }

    /// <param name="signatureHeader">The <c>crypto-pay-api-signature</c> request header.</param>
    /// <param name="rawBody">The request body exactly as received (never re-serialised).</param>
    public async Task<WebhookResult> HandleAsync(string? signatureHeader, ReadOnlyMemory<byte> rawBody, CancellationToken ct)
    {
        var result = await HandleCoreAsync(signatureHeader, rawBody, ct);
        var level = result.IsSuccess ? LogLevel.Information : result.StatusCode >= 500 ? LogLevel.Error : LogLevel.Warning;
        _log.Log(level, "Crypto Pay webhook: {Status} {Reason}", result.StatusCode, result.Reason);
        return result;
    }

    private async Task<WebhookResult> HandleCoreAsync(string? signatureHeader, ReadOnlyMemory<byte> rawBody, CancellationToken ct)
    {
        var options = _options.CurrentValue;
        if (!options.IsConfigured) return WebhookResult.NotFound("Crypto Pay is not configured");
        if (string.IsNullOrWhiteSpace(signatureHeader)) return WebhookResult.Unauthorized("missing crypto-pay-api-signature");
        if (!CryptoPaySignature.Verify(options.Token!, signatureHeader, rawBody.Span)) return WebhookResult.Unauthorized("bad signature");

        string updateType;
        CryptoPayInvoice? invoice;
        try
        {
            using var doc = JsonDocument.Parse(rawBody);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("update_type", out var type) || type.ValueKind != JsonValueKind.String)
                return WebhookResult.BadRequest("not a Crypto Pay update (update_type)");
            updateType = type.GetString()!;
            if (updateType != "invoice_paid") return WebhookResult.Ok($"update {updateType} ignored");
            invoice = root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                ? payload.Deserialize<CryptoPayInvoice>(CryptoPayJson.Options)
                : null;
        }
        catch (JsonException e)
        {
            return WebhookResult.BadRequest($"malformed JSON ({e.Message})");
        }
        if (invoice is null || invoice.InvoiceId <= 0) return WebhookResult.BadRequest("invoice_paid without an invoice");
        if (invoice.Status != "paid") return WebhookResult.BadRequest($"invoice {invoice.InvoiceId} is {invoice.Status}, not paid");

        var invoiceKey = PaymentEventKeys.Paid(invoice.InvoiceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (await _payments.IsProcessedAsync(PaymentMethods.CryptoPay, invoiceKey, ct))
            return WebhookResult.Ok($"invoice {invoice.InvoiceId}: already processed");

        GatewayPayment paid;
        try
        {
            paid = CryptoPayGateway.ToGatewayPayment(invoice);
        }
        catch (PaymentGatewayException e)
        {
            return WebhookResult.BadRequest(e.Message);
        }
        var outcome = await _payments.ConfirmFromProviderAsync(PaymentMethods.CryptoPay, paid, ct);
        return outcome.Kind == PaymentOutcomeKind.UnknownPayment
            ? WebhookResult.NotFound($"invoice {invoice.InvoiceId}: {outcome.Reason}")
            : WebhookResult.Ok($"invoice {invoice.InvoiceId}: {outcome}");
    }
}
