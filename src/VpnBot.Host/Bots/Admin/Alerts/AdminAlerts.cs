using System.Globalization;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using VpnBot.Core.Operations;
using VpnBot.Core.Payments;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Host.Bots.Admin.Alerts;

/// <summary>
/// Operator alerts through the admin bot, to every admin (the admin role, or Admins:TelegramIds) in their
/// language. An admin who never opened the bot cannot be written to (Telegram refuses); that is logged and
/// the others still get it. Without an admin bot the alert is only logged: the review list keeps the payment.
/// </summary>
public sealed class AdminAlerts(
    OperatorAlertFacts facts, StarsReceipts receipts, BotClients bots, BotTexts texts, AdminIds configured, ILogger<AdminAlerts> log)
    : IOperatorAlerts, IStarsReceiptAlerts
{
    public async Task PaymentNeedsReviewAsync(long paymentId, CancellationToken ct)
    {
        var payment = await facts.PaymentAsync(paymentId, ct);
        if (payment?.User is null) return;
        await SendToAdminsAsync(culture => AlertScreens.Review(texts, culture, payment), $"payment {paymentId}", ct);
    }

    public async Task BackendTaskFailingAsync(long backendTaskId, CancellationToken ct)
    {
        var failing = await facts.BackendTaskAsync(backendTaskId, ct);
        if (failing is null) return;
        var (task, subscription) = failing.Value;
        if (subscription.User is null) return;
        var server = subscription.Server?.Name ?? "—";
        await SendToAdminsAsync(culture => AlertScreens.TaskFailing(texts, culture, task, server, subscription.User.TelegramId), $"backend task {backendTaskId}", ct);
    }

    public async Task StarsReceiptNeedsAttentionAsync(long receiptId, CancellationToken ct)
    {
        var receipt = await receipts.FindAsync(receiptId, ct);
        if (receipt is null) return;
        var customer = StarsReceiptScreens.Customer(await receipts.CustomerAsync(receipt, ct));
        await SendToAdminsAsync(culture => StarsReceiptScreens.Alert(texts, culture, receipt, customer), $"Stars receipt {receiptId}", ct);
    }

    private async Task SendToAdminsAsync(Func<CultureInfo, Screen> render, string what, CancellationToken ct)
    {
        if (!bots.TryGet(BotKind.Admin, out var bot))
        {
            log.LogWarning("No admin bot: the alert about {What} was not sent", what);
            return;
        }
        var ids = configured.Ids.ToList();
        var admins = await facts.AdminsAsync(ids, ct);
        var recipients = admins.Select(a => (a.TelegramId, Culture: CultureInfo.GetCultureInfo(a.UiCulture)))
            // Configured admins who never wrote to any bot have no row yet: Russian, the product's first language.
            .Concat(ids.Where(id => admins.All(a => a.TelegramId != id)).Select(id => (TelegramId: id, Culture: BotTexts.Ru)));
        foreach (var (telegramId, culture) in recipients)
        {
            var screen = render(culture);
            try
            {
                await bot.SendMessage(telegramId, screen.Text, parseMode: screen.ParseMode, replyMarkup: screen.Keyboard, cancellationToken: ct);
            }
            catch (ApiRequestException e)
            {
                log.LogWarning("The alert about {What} did not reach admin {TelegramId}: {Reason}", what, telegramId, e.Message);
            }
        }
    }
}
