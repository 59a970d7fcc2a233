using VpnBot.Core.Payments;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Payments.Stars;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>
/// Stars arrived: the receipt (already saved by the inbox before the update was acknowledged; saving again is a
/// no-op) is applied exactly once. The notifier tells the customer and the key follows; a failure is retried by the
/// Stars receipts job, and one that cannot be applied is held for an admin.
/// </summary>
public sealed class SuccessfulPaymentHandler(StarsReceiptProcessor receipts, ILogger<SuccessfulPaymentHandler> log) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var paid = context.Message!.SuccessfulPayment!;
        var from = context.From?.Id ?? context.RequireChatId();
        var receipt = await receipts.RecordAndApplyAsync(
            new StarsReceiptData(paid.TelegramPaymentChargeId, paid.InvoicePayload, (int)Math.Min(paid.TotalAmount, int.MaxValue), paid.Currency, from), context.Ct);
        log.LogInformation("Stars payment {ChargeId} from {TelegramId}: receipt {ReceiptId} {State}", paid.TelegramPaymentChargeId, from, receipt?.Id, receipt?.State);
    }
}
