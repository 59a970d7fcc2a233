using VpnBot.Core.Payments;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Hosting;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>
/// The client bot's successful_payment updates are saved as Stars receipts before they are acknowledged: Telegram
/// offers no way to look a Stars payment up again, so an update lost after the offset moved on is money lost.
/// </summary>
public sealed class StarsReceiptInbox(IServiceScopeFactory scopes, ILogger<StarsReceiptInbox> log) : IUpdateInbox
{
    public async Task SaveAsync(BotKind bot, global::Telegram.Bot.Types.Update update, CancellationToken ct)
    {
        if (bot != BotKind.Client || update.Message is not { SuccessfulPayment: { } paid } message) return;
        await using var scope = scopes.CreateAsyncScope();
        var receipts = scope.ServiceProvider.GetRequiredService<StarsReceipts>();
        var data = new StarsReceiptData(paid.TelegramPaymentChargeId, paid.InvoicePayload, (int)Math.Min(paid.TotalAmount, int.MaxValue), paid.Currency,
            message.From?.Id ?? message.Chat.Id);
        var isNew = await receipts.RecordAsync(data, ct);
        log.LogInformation("Stars payment {ChargeId} ({Amount} {Currency}, payload {Payload}) from {TelegramId} saved{Repeat}",
            data.TelegramPaymentChargeId, data.Amount, data.Currency, data.InvoicePayload, data.TelegramUserId, isNew ? "" : " (a repeat)");
    }
}
