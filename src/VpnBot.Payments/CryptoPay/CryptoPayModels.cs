using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VpnBot.Payments.CryptoPay;

// Wire shapes of the Crypto Pay API (reference §7): snake_case, {ok, result} envelope, amounts as strings.

internal sealed class CryptoPayEnvelope<T>
{
    public bool Ok { get; set; }
    public T? Result { get; set; }
    public CryptoPayError? Error { get; set; }
}

internal sealed class CryptoPayError
{
    public int Code { get; set; }
    public string? Name { get; set; }
}

internal sealed record CryptoPayCreateInvoice
{
    public string CurrencyType { get; init; } = "fiat";
    public required string Fiat { get; init; }
    public required string Amount { get; init; }
    public string? AcceptedAssets { get; init; }
    public string? Description { get; init; }
    public required string Payload { get; init; }
    public int? ExpiresIn { get; init; }
    public bool AllowComments { get; init; }
    public bool AllowAnonymous { get; init; } = true;
}

internal sealed class CryptoPayInvoice
{
    public long InvoiceId { get; set; }
    public string? Status { get; set; }
    public string? CurrencyType { get; set; }
    public string? Asset { get; set; }
    public string? Fiat { get; set; }
    public string? Amount { get; set; }
    public string? BotInvoiceUrl { get; set; }
    public string? Payload { get; set; }
    public string? PaidAsset { get; set; }
    public string? PaidAmount { get; set; }

    /// <summary>The invoiced price: fiat amount and currency for fiat invoices, the asset for crypto ones.</summary>
    public (decimal Amount, string Currency)? Price()
    {
        var currency = CurrencyType == "fiat" ? Fiat : Asset;
        if (currency is null || !decimal.TryParse(Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return null;
        return (amount, currency);
    }
}

internal sealed class CryptoPayInvoiceList
{
    public List<CryptoPayInvoice> Items { get; set; } = [];
}

internal static class CryptoPayJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Our payment id travels in the invoice payload as "vpnbot:{id}".</summary>
    public static string PayloadFor(long paymentId) => "vpnbot:" + paymentId.ToString(CultureInfo.InvariantCulture);

    public static long? PaymentIdFrom(string? payload) =>
        payload is not null && payload.StartsWith("vpnbot:", StringComparison.Ordinal)
        && long.TryParse(payload.AsSpan("vpnbot:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
