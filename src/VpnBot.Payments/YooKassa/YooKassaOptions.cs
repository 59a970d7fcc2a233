namespace VpnBot.Payments.YooKassa;

/// <summary>Bound from <c>Payments:YooKassa</c>. Without ShopId, SecretKey and ReturnUrl YooKassa is not offered.</summary>
public sealed class YooKassaOptions
{
    public const string Section = "Payments:YooKassa";

    /// <summary>YooKassa's published notification sources (reference §6.3); override with <c>AllowedNetworks</c>.</summary>
    public static readonly IReadOnlyList<string> PublishedNetworks =
    [
        "185.71.76.0/27", "185.71.77.0/27", "77.75.153.0/25", "77.75.156.11", "77.75.156.35", "77.75.154.128/25", "2a02:5180::/32",
    ];

    public string? ShopId { get; set; }

    public string? SecretKey { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.yookassa.ru/v3/";

    /// <summary>Where YooKassa sends the customer after paying, usually the bot: https://t.me/YourBot.</summary>
    public string? ReturnUrl { get; set; }

    /// <summary>Notification source allow-list (CIDR or single addresses); empty means <see cref="PublishedNetworks"/>.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>54-FZ: when set, every payment and refund carries a receipt sent to this e-mail (shops with online receipts on).</summary>
    public string? ReceiptEmail { get; set; }

    /// <summary>54-FZ VAT code of the receipt line (1 = without VAT).</summary>
    public int VatCode { get; set; } = 1;

    /// <summary>54-FZ tax system code; omitted when null.</summary>
    public int? TaxSystemCode { get; set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ShopId) && !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(ReturnUrl);

    public IEnumerable<string> EffectiveNetworks => AllowedNetworks.Count > 0 ? AllowedNetworks : PublishedNetworks;
}
