using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Payments.Stars;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>Stars arrived: complete the payment exactly once. The notifier tells the customer and the key follows.</summary>
public sealed class SuccessfulPaymentHandler(StarsPaymentHandler stars, ILogger<SuccessfulPaymentHandler> log) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var paid = context.Message!.SuccessfulPayment!;
        var outcome = await stars.CompleteAsync(paid.InvoicePayload, paid.Currency, (int)Math.Min(paid.TotalAmount, int.MaxValue), paid.TelegramPaymentChargeId, context.Ct);
        log.LogInformation("Stars payment {ChargeId} from {TelegramId}: {Outcome}", paid.TelegramPaymentChargeId, context.From?.Id, outcome);
    }
}
