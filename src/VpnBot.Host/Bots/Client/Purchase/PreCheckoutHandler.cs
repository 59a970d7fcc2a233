using Telegram.Bot;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Payments.Stars;

namespace VpnBot.Host.Bots.Client.Purchase;

/// <summary>
/// Telegram asks before charging Stars and waits at most 10 s: re-check that the order, plan and price are
/// still what was offered, and say yes or explain why not.
/// </summary>
public sealed class PreCheckoutHandler(StarsPaymentHandler stars, BotTexts texts) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var query = context.Update.PreCheckoutQuery!;
        var verdict = await stars.ValidatePreCheckoutAsync(query.InvoicePayload, query.Currency, (int)Math.Min(query.TotalAmount, int.MaxValue), query.From.Id, context.Ct);
        if (verdict.Ok)
            await context.Client.AnswerPreCheckoutQuery(query.Id, cancellationToken: context.Ct);
        else
            await context.Client.AnswerPreCheckoutQuery(query.Id, texts.TryGet(context, "PreCheckout." + verdict.ErrorKey) ?? texts.Get(context, "PreCheckout.payment.unknown_order"), context.Ct);
    }
}
