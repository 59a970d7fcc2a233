using System.Globalization;
using System.Net;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Payments.Stars;

namespace VpnBot.Host.Bots.Admin.Alerts;

/// <summary>
/// The buttons under a Stars payment alert: refund it through Telegram (asks first), retry applying it, or mark it
/// dealt with. The alert is rewritten with who decided; a second press, or another admin's, finds it settled.
/// </summary>
public sealed class StarsReceiptHandler(StarsReceipts receipts, StarsReceiptProcessor processor, BotTexts texts, ScreenRenderer screens)
    : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var data = CallbackData.Parse(context.CallbackData);
        if (data.LongArg(1) is not { } id || await receipts.FindAsync(id, context.Ct) is not { } receipt)
        {
            await screens.AnswerAsync(context, texts.Get(context, "AdminStale"));
            return;
        }
        var customer = StarsReceiptScreens.Customer(await receipts.CustomerAsync(receipt, context.Ct));
        if (!receipt.IsOpen)
        {
            await screens.AnswerAsync(context, texts.Get(context, "StarsClosed"), alert: true);
            await screens.ShowAsync(context, StarsReceiptScreens.Alert(texts, context.Culture, receipt, customer));
            return;
        }
        var admin = context.RequireUser();
        var who = WebUtility.HtmlEncode(admin.Username is { } u ? "@" + u : admin.FirstName ?? admin.TelegramId.ToString(CultureInfo.InvariantCulture));
        switch (data.Arg(0))
        {
            case "r":
                await screens.ShowAsync(context, StarsReceiptScreens.RefundConfirm(texts, context.Culture, receipt, customer));
                return;
            case "b":
                await screens.ShowAsync(context, StarsReceiptScreens.Alert(texts, context.Culture, receipt, customer));
                return;
            case "ry":
                switch (await processor.RefundAsync(admin.TelegramId, id, context.Ct))
                {
                    case StarsRefundResult.Refunded:
                        await ShowDoneAsync(context, id, customer, texts.Get(context, "StarsRefunded", who));
                        return;
                    case StarsRefundResult.Failed:
                        await screens.AnswerAsync(context, texts.Get(context, "StarsRefundFailed"), alert: true);
                        return;
                    default:
                        await screens.AnswerAsync(context, texts.Get(context, "StarsBusy"), alert: true);
                        return;
                }
            case "t":
                if (await processor.RetryNowAsync(admin.TelegramId, id, context.Ct) is not { } after)
                {
                    await screens.AnswerAsync(context, texts.Get(context, "StarsBusy"), alert: true);
                    return;
                }
                var state = texts.Get(context, "StarsState." + SnakeCaseEnum<StarsReceiptState>.ToText(after.State));
                var note = texts.Get(context, "StarsRetried", who, state);
                // Still open: the buttons stay under the note (applied: none are left).
                var screen = StarsReceiptScreens.Alert(texts, context.Culture, after, customer);
                await screens.ShowAsync(context, screen with { Text = screen.Text + "\n\n" + note }, note);
                return;
            case "d":
                if (!await receipts.MarkDealtWithAsync(admin.TelegramId, id, context.Ct))
                {
                    await screens.AnswerAsync(context, texts.Get(context, "StarsBusy"), alert: true);
                    return;
                }
                await ShowDoneAsync(context, id, customer, texts.Get(context, "StarsDealtWith", who));
                return;
            default:
                await screens.AnswerAsync(context, texts.Get(context, "AdminStale"));
                return;
        }
    }

    private async Task ShowDoneAsync(UpdateContext context, long id, string? customer, string note)
    {
        var current = (await receipts.FindAsync(id, context.Ct))!;
        await screens.ShowAsync(context, StarsReceiptScreens.Alert(texts, context.Culture, current, customer, note), note);
    }
}
