using Telegram.Bot;
using Telegram.Bot.Types.Payments;
using VpnBot.Host.Telegram;
using VpnBot.Payments.Stars;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>Stars invoices and refunds through the client bot (currency XTR, no provider token).</summary>
public sealed class TelegramStars(BotClients bots) : ITelegramStars
{
    public Task<string> CreateInvoiceLinkAsync(StarsInvoice invoice, CancellationToken ct) =>
        bots.Get(BotKind.Client).CreateInvoiceLink(
            invoice.Title, invoice.Description, invoice.Payload, "XTR", [new LabeledPrice(invoice.Title, invoice.Amount)],
            providerToken: "", cancellationToken: ct);

    public Task RefundStarPaymentAsync(long userTelegramId, string telegramPaymentChargeId, CancellationToken ct) =>
        bots.Get(BotKind.Client).RefundStarPayment(userTelegramId, telegramPaymentChargeId, ct);
}
