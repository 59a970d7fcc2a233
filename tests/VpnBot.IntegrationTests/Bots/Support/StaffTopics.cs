using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VpnBot.Host.Telegram;
using VpnBot.IntegrationTests.Bots.Client;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Support;

/// <summary>Shared steps of the staff-side tests: a customer's ticket with its topic, staff writing in it.</summary>
internal static class StaffTopics
{
    public const long StaffGroup = -1001234567890;

    public static Task<TestHost> StartHostAsync() =>
        TestHost.StartAsync(s => s["Support:GroupChatId"] = StaffGroup.ToString(CultureInfo.InvariantCulture));

    /// <summary>A customer opens a ticket through the client bot; returns once its topic exists and the relay is done.</summary>
    public static async Task<Ticket> OpenTicketAsync(this TestHost host, string languageCode = "ru", string subject = "Не подключается")
    {
        var customer = await host.RegisteredUserAsync(languageCode);
        host.Send(Updates.Text(customer, languageCode == "ru" ? "💬 Поддержка" : "💬 Support", languageCode));
        var ru = languageCode == "ru";
        await host.ReplyContainingAsync(customer, ru ? "тема обращения" : "subject of your request");
        host.Send(Updates.Text(customer, subject, languageCode));
        await host.ReplyContainingAsync(customer, subject);
        host.Send(Updates.Text(customer, "Streisand пишет timeout", languageCode));
        await host.ReplyContainingAsync(customer, ru ? "создано" : "is open");
        await using var db = host.Db();
        var ticket = await db.SupportTickets.SingleAsync(t => t.User!.TelegramId == customer);
        Assert.NotNull(ticket.TopicId);
        return new Ticket(customer, ticket.Id, ticket.TopicId.Value);
    }

    /// <summary>Queues a staff update for the support bot; returns its message_id.</summary>
    public static int SendStaff(this TestHost host, JsonObject update)
    {
        host.Send(update, BotKind.Support);
        return (int)(long)update["message"]!["message_id"]!;
    }

    /// <summary>The support bot's note in the staff group whose text contains the fragment.</summary>
    public static Task<RecordedCall> StaffNoteAsync(this TestHost host, string fragment) =>
        host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.Token == TestHost.SupportToken && c.ChatId == StaffGroup
            && c.Text is { } t && t.Contains(fragment, StringComparison.Ordinal));

    /// <summary>Client-bot messages to the customer after the ticket was opened (the staff's answers and notices).</summary>
    public static IReadOnlyList<RecordedCall> ClientBotMessagesTo(this TestHost host, long customer, string fragment) =>
        host.Telegram.CallsTo("sendMessage", customer).Where(c => c.Token == TestHost.ClientToken && c.Text!.Contains(fragment, StringComparison.Ordinal)).ToList();

    /// <summary>The client bot's message to the customer containing the fragment.</summary>
    public static Task<RecordedCall> ReplyContainingAsyncFromClientBot(this TestHost host, long customer, string fragment) =>
        host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.Token == TestHost.ClientToken && c.ChatId == customer
            && c.Text is { } t && t.Contains(fragment, StringComparison.Ordinal));

    public sealed record Ticket(long Customer, long Id, int TopicId);
}
