namespace VpnBot.Payments.CryptoPay;

/// <summary>Bound from <c>Payments:CryptoPay</c>. Without a Token Crypto Pay is not offered.</summary>
public sealed class CryptoPayOptions
{
    public const string Section = "Payments:CryptoPay";

    /// <summary>The app token from @CryptoBot → Crypto Pay → Create App (also the webhook signing secret).</summary>
    public string? Token { get; set; }

    /// <summary>Mainnet; the testnet is https://testnet-pay.crypt.bot/api/ (with a testnet token).</summary>
    public string ApiBaseUrl { get; set; } = "https://pay.crypt.bot/api/";

    /// <summary>Fiat currencies invoices may be priced in (the plan's currency must be one of them).</summary>
    public List<string> Fiats { get; set; } = ["RUB", "USD", "EUR", "BYN", "UAH", "KZT", "UZS", "GBP", "TRY", "GEL", "AMD"];

    /// <summary>Crypto assets the customer may pay with, comma separated; empty = all Crypto Pay accepts.</summary>
    public string? AcceptedAssets { get; set; }

    /// <summary>How long an invoice can be paid.</summary>
    public TimeSpan InvoiceLifetime { get; set; } = TimeSpan.FromHours(1);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Token);
}
