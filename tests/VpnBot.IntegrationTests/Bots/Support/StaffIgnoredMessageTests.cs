using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Host.Telegram;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;
using static VpnBot.IntegrationTests.Bots.Support.StaffTopics;

namespace VpnBot.IntegrationTests.Bots.Support;

/// <summary>
/// What must not touch a ticket: other chats (a forged group id), the General topic, a topic that
/// is no ticket, bots, service messages. Each case ends with a marker in the same chat: updates of
/// one chat are handled in order, so once the marker is answered the case before it was handled.
/// </summary>
public class StaffIgnoredMessageTests : IAsyncLifetime
{
    private const long ForgedGroup = -1009999999999;
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await StartHostAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Messages_and_commands_from_another_chat_change_nothing_even_with_a_real_topic_id()
    {
        var ticket = await _host.OpenTicketAsync();
        var before = _host.Telegram.Calls.Count;
        var staff = TestHost.NewUserId();
        _host.SendStaff(Updates.TopicMessage(ForgedGroup, ticket.TopicId, staff, "Переведите деньги на карту"));
        _host.SendStaff(Updates.TopicMessage(ForgedGroup, ticket.TopicId, staff, "/close"));
        _host.SendStaff(Updates.TopicPhoto(ForgedGroup, ticket.TopicId, staff));
        _host.Send(Updates.Text(staff, "/close"), BotKind.Support);
        // Markers: /start in the same two chats.
        _host.SendStaff(Updates.TopicMessage(ForgedGroup, ticket.TopicId, staff, "/start"));
        _host.Send(Updates.Text(staff, "/start"), BotKind.Support);
        var startInTopic = await _host.Telegram.WaitForCallAsync("sendMessage", ForgedGroup);
        await _host.Telegram.WaitForCallAsync("sendMessage", staff);
        Assert.Equal($"{ticket.TopicId}", startInTopic["message_thread_id"]);

        var calls = _host.Telegram.Calls.Skip(before).ToList();
        Assert.Equal(["sendMessage", "sendMessage"], calls.Select(c => c.Method));
        Assert.All(calls, c => Assert.Contains("бот поддержки", c.Text, StringComparison.Ordinal));
        await AssertUntouchedAsync(ticket);
        Assert.Contains(_host.Logs.RenderedLines(), l => l.Contains($"chat {ForgedGroup} ignored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_general_topic_an_unknown_topic_bots_and_service_messages_change_nothing()
    {
        var ticket = await _host.OpenTicketAsync();
        var before = _host.Telegram.Calls.Count;
        var staff = TestHost.NewUserId();
        _host.SendStaff(Updates.GeneralTopicMessage(StaffGroup, staff, "Коллеги, кто сегодня дежурит?"));
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId + 100_000, staff, "Это не тема обращения"));
        _host.SendStaff(Updates.TopicPhoto(StaffGroup, ticket.TopicId + 100_000, staff));
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, TestHost.NewUserId(), "Я бот, пишу в тему", fromBot: true));
        _host.SendStaff(Updates.TopicClosedService(StaffGroup, ticket.TopicId, staff));
        // Markers: commands outside a ticket say where they work (the General topic, then the unknown topic).
        var general = _host.SendStaff(Updates.GeneralTopicMessage(StaffGroup, staff, "/close"));
        var unknown = _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId + 100_000, staff, "/assign"));
        await TestWait.UntilAsync(() => Task.FromResult(_host.Telegram.Calls.Skip(before).Count() == 2), what: "the two markers answered");

        var notes = _host.Telegram.Calls.Skip(before).ToList();
        Assert.All(notes, n => Assert.Equal((TestHost.SupportToken, "sendMessage", (long?)StaffGroup), (n.Token, n.Method, n.ChatId)));
        Assert.All(notes, n => Assert.Contains("работают внутри темы обращения", n.Text, StringComparison.Ordinal));
        Assert.Null(notes.Single(n => n["reply_parameters"]!.Contains($"{general}", StringComparison.Ordinal))["message_thread_id"]);
        Assert.Equal($"{ticket.TopicId + 100_000}", notes.Single(n => n["reply_parameters"]!.Contains($"{unknown}", StringComparison.Ordinal))["message_thread_id"]);
        await AssertUntouchedAsync(ticket);
        // Bots are not registered as users by the support bot.
        await using var db = _host.Db();
        Assert.False(await db.Users.AnyAsync(u => u.FirstName == "SomeBot"));
    }

    private async Task AssertUntouchedAsync(Ticket ticket)
    {
        await using var db = _host.Db();
        var stored = await db.SupportTickets.Include(t => t.Messages).SingleAsync(t => t.Id == ticket.Id);
        Assert.Equal((TicketStatus.Open, (long?)null), (stored.Status, stored.AssignedAdminId));
        Assert.DoesNotContain(stored.Messages, m => m.IsFromAdmin);
        Assert.False(await db.AuditLog.AnyAsync(a => a.TargetType == "ticket"));
        Assert.Empty(_host.ClientBotMessagesTo(ticket.Customer, "Ответ поддержки"));
        Assert.Empty(_host.Telegram.CallsTo("closeForumTopic"));
    }
}
