using System.Globalization;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Core.Vpn.SubscriptionFeed;
using VpnBot.Host.Telegram.Throttling;

namespace VpnBot.Host.Bots.Client.Delivery;

/// <summary>
/// Tells customers what happened outside their conversation (payment credited, config ready, notices),
/// through the client bot, in their language. Paced under Telegram's ~30 messages/s for bulk sends; a
/// customer who blocked the bot is marked inactive instead of retried forever.
/// </summary>
public sealed class ClientNotifier(
    BotClients bots, CustomerNoticeFacts facts, ConfigDelivery delivery, SubscriptionFeedService feed, BotTexts texts,
    UserRegistry users, NotificationPace pace, PaymentNoticeQueue paymentNotices, ILogger<ClientNotifier> log,
    Gifts.GiftNotices giftNotices) : ICustomerNotifier
{
    public Task PaymentCompletedAsync(long paymentId, bool configPending, CancellationToken ct) =>
        paymentNotices.EnqueueAsync(paymentId, configPending, ct).AsTask();

    internal async Task SendPaymentCompletedAsync(long paymentId, bool configPending, CancellationToken ct)
    {
        var payment = await facts.PaymentAsync(paymentId, ct);
        if (payment?.User is not { } user) return;
        var culture = CultureOf(user);
        if (payment.Purpose == Core.PaymentPurpose.Gift)
        {
            // A gift brings the buyer a link to forward, not a key.
            await SendAsync(user, 1, (bot, c) => giftNotices.TrySendPaidAsync(bot, user, paymentId, culture, c), ct);
            return;
        }
        var amount = payment.Currency == "XTR" ? $"{payment.Amount:0} ⭐" : string.Create(culture, $"{payment.Amount:0.##} {payment.Currency}");
        var text = texts.Get(BotKind.Client, culture, "PaymentReceived", amount, payment.Subscription?.ExpiresAt?.UtcDateTime ?? DateTime.UtcNow);
        if (configPending) text += "\n\n" + texts.Get(BotKind.Client, culture, "ConfigPending");
        await SendAsync(user, 1, (bot, c) => bot.SendMessage(user.TelegramId, text, parseMode: ParseMode.Html, cancellationToken: c), ct);
    }

    public async Task ConfigReadyAsync(long vpnConfigId, CancellationToken ct)
    {
        var config = await facts.ConfigAsync(vpnConfigId, ct);
        if (config is not { IsActive: true, Server: { } server, Subscription.User: { } user }) return;
        var feedUrl = user.SubscriptionToken is { } token ? feed.UrlFor(token) : null;
        // The key message, maybe a file, and the QR photo.
        await SendAsync(user, 3, (bot, c) => delivery.SendAsync(bot, user.TelegramId, CultureOf(user), server, config, config.Subscription!.ExpiresAt, feedUrl, c), ct);
    }

    public async Task NoticeAsync(long userId, string textKey, IReadOnlyList<object> args, CancellationToken ct)
    {
        var user = await facts.CustomerAsync(userId, ct);
        if (user is null) return;
        var culture = CultureOf(user);
        var template = texts.Find(BotKind.Client, culture, "Notice." + textKey);
        if (template is null)
        {
            log.LogError("No text for notice {Key}; user {UserId} was not told", textKey, userId);
            return;
        }
        var text = args.Count == 0 ? template : string.Format(culture, template, [.. args]);
        var buttons = NoticeButtons.For(textKey, args, texts, culture);
        await SendAsync(user, 1, (bot, c) => bot.SendMessage(user.TelegramId, text, parseMode: ParseMode.Html, replyMarkup: buttons, cancellationToken: c), ct);
    }

    private async Task SendAsync(User user, int messages, Func<ITelegramBotClient, CancellationToken, Task> send, CancellationToken ct)
    {
        if (!bots.TryGet(BotKind.Client, out var bot))
        {
            log.LogWarning("The client bot is disabled; user {UserId} could not be notified", user.Id);
            return;
        }
        if (!user.IsActive || user.IsBanned) return;
        using var lease = await pace.WaitAsync(messages, ct);
        try
        {
            await send(bot, ct);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 403)
        {
            log.LogInformation("User {TelegramId} blocked the client bot; marked inactive", user.TelegramId);
            await users.MarkInactiveAsync(user.TelegramId, ct);
        }
    }

    private static CultureInfo CultureOf(User user) => CultureInfo.GetCultureInfo(user.UiCulture);
}
