using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using VpnBot.Core.Support;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram;

namespace VpnBot.Host.Bots.Support;

/// <summary>
/// The minimum relay so staff see tickets: each ticket becomes a forum topic in the staff
/// supergroup (Support:GroupChatId), created by the support bot, and every client message is
/// posted into it. Without the group or the support bot it does nothing: the tickets are in the
/// database either way. Telegram failures are logged, never passed on to the customer's update.
/// </summary>
public sealed class TicketTopicRelay(RelayedTickets tickets, BotClients bots, IOptions<SupportOptions> options, BotTexts texts, ILogger<TicketTopicRelay> log)
    : ITicketRelay
{
    private const int MaxTopicName = 128;
    private static readonly CultureInfo StaffCulture = BotTexts.Ru;

    public Task TicketOpenedAsync(long ticketId, long firstMessageId, CancellationToken ct) =>
        PostClientMessageAsync(ticketId, firstMessageId, ct);

    public Task ClientMessageAddedAsync(long ticketId, long messageId, CancellationToken ct) =>
        PostClientMessageAsync(ticketId, messageId, ct);

    public async Task TicketClosedByClientAsync(long ticketId, CancellationToken ct)
    {
        if (!TryGetTarget(out var client, out var groupId)) return;
        if (await tickets.TopicOfAsync(ticketId, ct) is not { } topicId) return;
        await DeliverAsync(ticketId, async () =>
        {
            await client.SendMessage(groupId, Text("TopicClientClosed", ticketId), messageThreadId: topicId, cancellationToken: ct);
            await client.CloseForumTopic(groupId, topicId, ct);
        });
    }

    private async Task PostClientMessageAsync(long ticketId, long messageId, CancellationToken ct)
    {
        if (!TryGetTarget(out var client, out var groupId)) return;
        var ticket = await tickets.ForStaffGroupAsync(ticketId, ct);
        var message = await tickets.MessageAsync(ticketId, messageId, ct);
        if (ticket is null || message is null) return;

        var text = Text("TopicClientMessage", ClientName(ticket), message.MessageText);
        // The client may use Telegram's whole 4096 characters; then the name prefix is left out.
        if (text.Length > SupportMessage.MaxTextLength) text = message.MessageText;
        await DeliverAsync(ticketId, async () =>
        {
            var topicId = await EnsureTopicAsync(client, groupId, ticket, ct);
            try
            {
                await client.SendMessage(groupId, text, messageThreadId: topicId, cancellationToken: ct);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("thread not found", StringComparison.OrdinalIgnoreCase))
            {
                // Staff deleted the topic: open a fresh one for the ticket rather than lose the message.
                ticket.TopicId = null;
                topicId = await EnsureTopicAsync(client, groupId, ticket, ct);
                await client.SendMessage(groupId, text, messageThreadId: topicId, cancellationToken: ct);
            }
        });
    }

    private async Task<int> EnsureTopicAsync(ITelegramBotClient client, long groupId, SupportTicket ticket, CancellationToken ct)
    {
        if (ticket.TopicId is { } existing) return existing;
        var name = Text("TopicName", ticket.Id, ticket.Subject);
        var topic = await client.CreateForumTopic(groupId, name.Length > MaxTopicName ? name[..MaxTopicName] : name, cancellationToken: ct);
        await tickets.SaveTopicAsync(ticket, topic.MessageThreadId, ct);
        log.LogInformation("Ticket {TicketId} has forum topic {TopicId}", ticket.Id, topic.MessageThreadId);

        var user = ticket.User!;
        var header = Text("TopicHeader", ticket.Id, WebUtility.HtmlEncode(ClientName(ticket)), user.TelegramId,
            user.UiCulture, WebUtility.HtmlEncode(ticket.Subject));
        await client.SendMessage(groupId, header, parseMode: ParseMode.Html, messageThreadId: topic.MessageThreadId, cancellationToken: ct);
        return topic.MessageThreadId;
    }

    private async Task DeliverAsync(long ticketId, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            log.LogWarning("Ticket {TicketId} could not be posted to the staff group: {Reason}", ticketId, e.Message);
        }
    }

    private bool TryGetTarget(out ITelegramBotClient client, out long groupId)
    {
        groupId = options.Value.GroupChatId ?? 0;
        client = null!;
        return options.Value.GroupChatId is not null && bots.TryGet(BotKind.Support, out client);
    }

    private static string ClientName(SupportTicket ticket)
    {
        var user = ticket.User!;
        var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        if (user.Username is { Length: > 0 } username) name += (name.Length > 0 ? " " : "") + "@" + username;
        return name.Length > 0 ? name : user.TelegramId.ToString(CultureInfo.InvariantCulture);
    }

    private string Text(string key, params object?[] args) => texts.Get(BotKind.Support, StaffCulture, key, args);
}
