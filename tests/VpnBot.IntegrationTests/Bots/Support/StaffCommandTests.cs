using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Support;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;
using static VpnBot.IntegrationTests.Bots.Support.StaffTopics;

namespace VpnBot.IntegrationTests.Bots.Support;

/// <summary>/close, /reopen, /assign inside a ticket's topic, and what a closed ticket's topic answers.</summary>
public class StaffCommandTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await StartHostAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Close_tells_the_customer_closes_the_topic_then_answers_are_held_until_reopen()
    {
        var ticket = await _host.OpenTicketAsync();
        var staff = TestHost.NewUserId();
        var topic = ticket.TopicId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "/close@vpn_support_bot"));
        var told = await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == ticket.Customer && c.Text!.Contains("Поддержка закрыла обращение", StringComparison.Ordinal));
        Assert.Equal(TestHost.ClientToken, told.Token);
        Assert.Contains($"#{ticket.Id}", told.Text, StringComparison.Ordinal);
        var closeTopic = await _host.Telegram.WaitForCallAsync(c => c.Method == "closeForumTopic");
        Assert.Equal((TestHost.SupportToken, (long?)StaffGroup, topic), (closeTopic.Token, closeTopic.ChatId, closeTopic["message_thread_id"]));
        var note = await _host.StaffNoteAsync($"Обращение #{ticket.Id} закрыто (Staff)");
        Assert.Contains("Клиент уведомлён", note.Text, StringComparison.Ordinal);
        await using (var db = _host.Db())
        {
            var closed = await db.SupportTickets.SingleAsync(t => t.Id == ticket.Id);
            Assert.Equal(TicketStatus.Closed, closed.Status);
            Assert.NotNull(closed.ClosedAt);
            Assert.True(await db.AuditLog.AnyAsync(a => a.Action == TicketService.AuditStatus && a.ActorTelegramId == staff && a.TargetId == ticket.Id.ToString()));
        }

        // Closed: an answer is not sent nor stored, the staff member is told to reopen; a second /close is refused.
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "Ещё один вопрос"));
        await _host.StaffNoteAsync("/reopen");
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "/close"));
        await TestWait.UntilAsync(() => Task.FromResult(_host.Telegram.CallsTo("sendMessage", StaffGroup).Count(c => c.Text!.Contains("/reopen", StringComparison.Ordinal)) == 2),
            what: "the second /close is refused with the closed-ticket note");
        Assert.Single(_host.Telegram.CallsTo("closeForumTopic"));
        await using (var db = _host.Db())
            Assert.False(await db.SupportMessages.AnyAsync(m => m.TicketId == ticket.Id && m.IsFromAdmin));
        Assert.Empty(_host.ClientBotMessagesTo(ticket.Customer, "Ещё один вопрос"));

        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "/reopen"));
        var reopen = await _host.Telegram.WaitForCallAsync(c => c.Method == "reopenForumTopic");
        Assert.Equal((TestHost.SupportToken, topic), (reopen.Token, reopen["message_thread_id"]));
        await _host.StaffNoteAsync("открыто заново");
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "Проверьте ещё раз"));
        await _host.ReplyContainingAsyncFromClientBot(ticket.Customer, "Проверьте ещё раз");
        await using (var db = _host.Db())
            Assert.Equal(TicketStatus.WaitingClient, (await db.SupportTickets.SingleAsync(t => t.Id == ticket.Id)).Status);

        // Open again: a second /reopen changes nothing.
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "/reopen"));
        await _host.StaffNoteAsync("и так открыто");
        Assert.Single(_host.Telegram.CallsTo("reopenForumTopic"));
    }

    [Fact]
    public async Task Close_when_the_customer_blocked_the_client_bot_still_closes_and_says_so()
    {
        var ticket = await _host.OpenTicketAsync();
        _host.Telegram.FailNext("sendMessage", FakeFault.BlockedByUser());
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, TestHost.NewUserId(), "/close"));
        await _host.StaffNoteAsync("уведомление не доставлено");
        await _host.Telegram.WaitForCallAsync(c => c.Method == "closeForumTopic");
        await using var db = _host.Db();
        Assert.Equal(TicketStatus.Closed, (await db.SupportTickets.SingleAsync(t => t.Id == ticket.Id)).Status);
    }

    [Fact]
    public async Task Assign_gives_the_ticket_to_the_sender_and_a_colleague_can_take_it_over()
    {
        var ticket = await _host.OpenTicketAsync();
        var first = TestHost.NewUserId();
        var second = TestHost.NewUserId();

        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, first, "/assign"));
        await _host.StaffNoteAsync($"Обращение #{ticket.Id} назначено: Staff");
        await using (var db = _host.Db())
        {
            var stored = await db.SupportTickets.SingleAsync(t => t.Id == ticket.Id);
            Assert.Equal(TicketStatus.InProgress, stored.Status);
            Assert.Equal((await db.Users.SingleAsync(u => u.TelegramId == first)).Id, stored.AssignedAdminId);
        }

        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, second, "/assign"));
        await TestWait.UntilAsync(async () =>
        {
            await using var db = _host.Db();
            return await db.SupportTickets.AnyAsync(t => t.Id == ticket.Id && t.AssignedAdminId == db.Users.Single(u => u.TelegramId == second).Id);
        }, what: "the second staff member holds the ticket");
        await using (var db = _host.Db())
        {
            var key = ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal([first, second], await db.AuditLog.Where(a => a.Action == TicketService.AuditAssign && a.TargetId == key)
                .OrderBy(a => a.Id).Select(a => a.ActorTelegramId).ToListAsync());
        }
        // Nothing of this reaches the customer.
        Assert.DoesNotContain(_host.Telegram.CallsTo("sendMessage", ticket.Customer), c => c.Text!.Contains("назначено", StringComparison.Ordinal));
    }
}
