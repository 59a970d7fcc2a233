namespace VpnBot.Payments.Stars;

/// <summary>
/// The two Bot API calls Stars payments need, implemented by the host with the client bot's
/// ITelegramBotClient (createInvoiceLink with currency XTR and an empty provider token; refundStarPayment).
/// </summary>
public interface ITelegramStars
{
    /// <summary>Returns the t.me invoice link for <paramref name="invoice"/>.</summary>
    Task<string> CreateInvoiceLinkAsync(StarsInvoice invoice, CancellationToken ct);

    Task RefundStarPaymentAsync(long userTelegramId, string telegramPaymentChargeId, CancellationToken ct);
}

/// <param name="Title">1–32 characters.</param>
/// <param name="Description">1–255 characters.</param>
/// <param name="Payload">1–128 bytes; comes back in pre_checkout_query and successful_payment.</param>
/// <param name="Amount">Whole Stars (the only price of the invoice, currency XTR).</param>
public sealed record StarsInvoice(string Title, string Description, string Payload, int Amount, long UserTelegramId);
