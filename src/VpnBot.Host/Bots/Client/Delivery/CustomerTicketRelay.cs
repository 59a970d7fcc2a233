using System.Globalization;
using System.Net;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using VpnBot.Core.Support;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Throttling;
using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Host.Bots.Client.Delivery;

/// <summary>
/// Brings the staff's answers and closings to the customer through the client bot, in the
/// customer's language, with a "Reply" button that leads back into the open ticket. Reports
/// what happened (the support bot tells the staff when the customer blocked the client bot).
/// </summary>
public sealed class CustomerTicketRelay(
    BotClients bots, RelayedTickets tickets, BotTexts texts, UserRegistry users, NotificationPace pace, ILogger<CustomerTicketRelay> log)
    : ICustomerTicketRelay
{
    public async Task<CustomerDelivery> StaffReplyAddedAsync(long ticketId, long messageId, CancellationToken ct)
    {
        var ticket = await tickets.ForCustomerAsync(ticketId, ct);
        var message = await tickets.MessageAsync(ticketId, messageId, ct);
        if (ticket?.User is not { } customer || message is null) return CustomerDelivery.Failed;

        var culture = CultureInfo.GetCultureInfo(customer.UiCulture);
        var text = texts.Get(BotKind.Client, culture, "SupportStaffReply", ticket.Id, WebUtility.HtmlEncode(message.MessageText));
        var reply = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData(
            texts.Get(BotKind.Client, culture, "SupportBtnReply"), CallbackData.Build(ClientCallbacks.Support, "reply", ticket.Id)));
        return await SendAsync(customer, ticket.Id, (bot, c) => bot.SendMessage(customer.TelegramId, text, parseMode: ParseMode.Html,
            replyMarkup: reply, cancellationToken: c), ct);
    }

    public async Task<CustomerDelivery> TicketClosedByStaffAsync(long ticketId, CancellationToken ct)
    {
        var ticket = await tickets.ForCustomerAsync(ticketId, ct);
        if (ticket?.User is not { } customer) return CustomerDelivery.Failed;
        var text = texts.Get(BotKind.Client, CultureInfo.GetCultureInfo(customer.UiCulture), "SupportClosedByStaff", ticket.Id);
        return await SendAsync(customer, ticket.Id, (bot, c) => bot.SendMessage(customer.TelegramId, text, parseMode: ParseMode.Html, cancellationToken: c), ct);
    }

    private async Task<CustomerDelivery> SendAsync(User customer, long ticketId, Func<ITelegramBotClient, CancellationToken, Task> send, CancellationToken ct)
    {
        if (!bots.TryGet(BotKind.Client, out var bot))
        {
            log.LogWarning("The client bot is disabled; ticket {TicketId}'s customer could not be told", ticketId);
            return CustomerDelivery.Failed;
        }
        // Sent even to a customer marked inactive: they may have unblocked the bot since, and staff want to know either way.
        using var lease = await pace.WaitAsync(1, ct);
        try
        {
            await send(bot, ct);
            return CustomerDelivery.Delivered;
        }
        catch (ApiRequestException e) when (e.ErrorCode == 403)
        {
            log.LogInformation("User {TelegramId} blocked the client bot; ticket {TicketId} answer not delivered", customer.TelegramId, ticketId);
            await users.MarkInactiveAsync(customer.TelegramId, ct);
            return CustomerDelivery.Blocked;
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            log.LogWarning("Ticket {TicketId}'s customer could not be reached: {Reason}", ticketId, e.Message);
            return CustomerDelivery.Failed;
        }
    }
}
