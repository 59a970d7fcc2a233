using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VpnBot.Payments.YooKassa;

// Wire shapes of YooKassa API v3 (reference §6): snake_case, amounts as strings with two decimals.

internal sealed record YooKassaAmount(string Value, string Currency)
{
    public static YooKassaAmount Of(decimal amount, string currency) =>
        new(amount.ToString("0.00", CultureInfo.InvariantCulture), currency);

    public decimal ToDecimal() => decimal.Parse(Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}

internal sealed record YooKassaConfirmationRequest(string Type, string ReturnUrl);

internal sealed record YooKassaReceiptCustomer(string Email);

internal sealed record YooKassaReceiptItem(
    string Description, string Quantity, YooKassaAmount Amount, int VatCode, string PaymentMode, string PaymentSubject);

internal sealed record YooKassaReceipt(YooKassaReceiptCustomer Customer, IReadOnlyList<YooKassaReceiptItem> Items, int? TaxSystemCode);

internal sealed record YooKassaCreatePayment
{
    public required YooKassaAmount Amount { get; init; }
    public bool Capture { get; init; } = true;
    public YooKassaConfirmationRequest? Confirmation { get; init; }
    public string? PaymentMethodId { get; init; }
    public bool? SavePaymentMethod { get; init; }
    public string? Description { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
    public YooKassaReceipt? Receipt { get; init; }
}

internal sealed record YooKassaCreateRefund(string PaymentId, YooKassaAmount Amount, string? Description, YooKassaReceipt? Receipt);

internal sealed class YooKassaPayment
{
    public string Id { get; set; } = "";
    public string Status { get; set; } = "";
    public bool Paid { get; set; }
    public YooKassaAmount? Amount { get; set; }
    public YooKassaConfirmation? Confirmation { get; set; }
    public Dictionary<string, JsonElement>? Metadata { get; set; }
    public YooKassaPaymentMethod? PaymentMethod { get; set; }
    public YooKassaCancellation? CancellationDetails { get; set; }
}

internal sealed class YooKassaConfirmation
{
    public string? Type { get; set; }
    public string? ConfirmationUrl { get; set; }
}

internal sealed class YooKassaPaymentMethod
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public bool Saved { get; set; }
}

internal sealed class YooKassaCancellation
{
    public string? Party { get; set; }
    public string? Reason { get; set; }
}

internal sealed class YooKassaRefund
{
    public string Id { get; set; } = "";
    public string PaymentId { get; set; } = "";
    public string Status { get; set; } = "";
    public YooKassaAmount? Amount { get; set; }
}

internal sealed class YooKassaError
{
    public string? Type { get; set; }
    public string? Code { get; set; }
    public string? Description { get; set; }
    public string? Parameter { get; set; }
}

internal static class YooKassaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
