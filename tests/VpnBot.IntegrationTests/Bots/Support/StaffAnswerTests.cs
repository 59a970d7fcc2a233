using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Support;
using VpnBot.IntegrationTests.Bots.Client;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;
using static VpnBot.IntegrationTests.Bots.Support.StaffTopics;

namespace VpnBot.IntegrationTests.Bots.Support;

/// <summary>Staff write in a ticket's topic; the customer gets it through the client bot and can answer.</summary>
public class StaffAnswerTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await StartHostAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_staff_answer_reaches_the_customer_through_the_client_bot_is_stored_and_the_customer_answers_back()
    {
        var ticket = await _host.OpenTicketAsync();
        var staff = TestHost.NewUserId();

        var messageId = _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "Обновите Streisand <до 1.6>"));
        var answer = (await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == ticket.Customer && c.Text!.Contains("Ответ поддержки", StringComparison.Ordinal)))
            .AssertCallbacksFit();
        Assert.Equal(TestHost.ClientToken, answer.Token);
        Assert.Contains($"Ответ поддержки по обращению #{ticket.Id}:", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Обновите Streisand &lt;до 1.6&gt;", answer.Text, StringComparison.Ordinal);
        Assert.Equal("html", answer["parse_mode"]?.ToLowerInvariant());
        Assert.Equal(["✍️ Ответить"], answer.ButtonTexts());
        Assert.Equal([$"sup:reply:{ticket.Id}"], answer.CallbackData());

        await using (var db = _host.Db())
        {
            var stored = await db.SupportTickets.Include(t => t.Messages).ThenInclude(m => m.User).SingleAsync(t => t.Id == ticket.Id);
            var reply = Assert.Single(stored.Messages, m => m.IsFromAdmin);
            Assert.Equal(("Обновите Streisand <до 1.6>", staff, (int?)messageId), (reply.MessageText, reply.User!.TelegramId, reply.TelegramMessageId));
            Assert.Equal(TicketStatus.WaitingClient, stored.Status);
            Assert.Equal(reply.UserId, stored.AssignedAdminId);
            var ticketKey = ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal([TicketService.AuditAssign, TicketService.AuditStatus],
                await db.AuditLog.Where(a => a.TargetId == ticketKey && a.TargetType == "ticket" && a.ActorTelegramId == staff)
                    .OrderBy(a => a.Action).Select(a => a.Action).ToListAsync());
        }
        // Delivered: no note in the topic.
        Assert.DoesNotContain(_host.Telegram.CallsTo("sendMessage", StaffGroup), c => c.Token == TestHost.SupportToken && c["reply_parameters"] is not null);

        // "Reply" opens the ticket below the answer (the answer stays as it was), and the customer's text goes to the topic.
        _host.Send(Updates.Callback(ticket.Customer, $"sup:reply:{ticket.Id}", messageId: 5000));
        var hint = await _host.ReplyContainingAsync(ticket.Customer, "Напишите сообщение прямо в этот чат");
        Assert.Contains($"#{ticket.Id}", hint.Text, StringComparison.Ordinal);
        Assert.Empty(_host.Telegram.CallsTo("editMessageText", ticket.Customer));

        _host.Send(Updates.Text(ticket.Customer, "Обновил, заработало"));
        await _host.ReplyContainingAsync(ticket.Customer, "Передали в поддержку");
        var relayed = await _host.StaffNoteAsync("Обновил, заработало");
        Assert.Equal(ticket.TopicId.ToString(System.Globalization.CultureInfo.InvariantCulture), relayed["message_thread_id"]);
        await using (var db = _host.Db())
            Assert.Equal(TicketStatus.InProgress, (await db.SupportTickets.SingleAsync(t => t.Id == ticket.Id)).Status);
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    [Fact]
    public async Task Reply_under_an_answer_to_a_ticket_closed_since_says_so_and_offers_a_new_one()
    {
        var ticket = await _host.OpenTicketAsync();
        var staff = TestHost.NewUserId();
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "Готово, проверьте"));
        var answer = await _host.ReplyContainingAsyncFromClientBot(ticket.Customer, "Готово, проверьте");
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "/close"));
        await _host.ReplyContainingAsyncFromClientBot(ticket.Customer, "Поддержка закрыла обращение");

        _host.Send(Updates.Callback(ticket.Customer, answer.CallbackData()[0], messageId: 6000));
        var toast = await _host.Telegram.WaitForCallAsync(c => c.Method == "answerCallbackQuery" && c.Token == TestHost.ClientToken);
        Assert.Equal("Это обращение уже закрыто.", toast["text"]);
        // A second "describe the problem" prompt (the first one opened this ticket), as a new message.
        await TestWait.UntilAsync(() => Task.FromResult(_host.Telegram.CallsTo("sendMessage", ticket.Customer)
            .Count(c => c.Text!.Contains("тема обращения", StringComparison.Ordinal)) == 2), what: "a new ticket is offered");
        Assert.Empty(_host.Telegram.CallsTo("editMessageText", ticket.Customer));
    }

    [Fact]
    public async Task An_anonymous_admin_is_asked_to_write_under_their_own_name_and_nothing_is_sent()
    {
        var ticket = await _host.OpenTicketAsync();
        _host.SendStaff(Updates.AnonymousAdminTopicMessage(StaffGroup, ticket.TopicId, "Проверьте настройки"));
        _host.SendStaff(Updates.AnonymousAdminTopicMessage(StaffGroup, ticket.TopicId, "/close"));
        await TestWait.UntilAsync(() => Task.FromResult(_host.Telegram.CallsTo("sendMessage", StaffGroup)
            .Count(c => c.Text!.Contains("анонимно", StringComparison.Ordinal)) == 2), what: "both anonymous messages get the note");

        await using var db = _host.Db();
        var stored = await db.SupportTickets.Include(t => t.Messages).SingleAsync(t => t.Id == ticket.Id);
        Assert.Equal(TicketStatus.Open, stored.Status);
        Assert.DoesNotContain(stored.Messages, m => m.IsFromAdmin);
        Assert.Empty(_host.ClientBotMessagesTo(ticket.Customer, "Проверьте настройки"));
        Assert.Empty(_host.Telegram.CallsTo("closeForumTopic"));
    }

    [Fact]
    public async Task An_english_speaking_customer_gets_the_answer_in_english()
    {
        var ticket = await _host.OpenTicketAsync("en", "Slow");
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, TestHost.NewUserId(), "Try the Finland server"));
        var answer = await _host.ReplyContainingAsync(ticket.Customer, "Try the Finland server");
        Assert.Contains($"Support reply to request #{ticket.Id}:", answer.Text, StringComparison.Ordinal);
        Assert.Equal(["✍️ Reply"], answer.ButtonTexts());
    }

    [Fact]
    public async Task An_answer_over_the_limit_is_refused_in_the_topic_and_nothing_is_saved_or_sent()
    {
        var ticket = await _host.OpenTicketAsync();
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, TestHost.NewUserId(), new string('x', SupportMessage.MaxStaffTextLength + 1)));
        var note = await _host.StaffNoteAsync("Слишком длинно");
        Assert.Contains(SupportMessage.MaxStaffTextLength.ToString(System.Globalization.CultureInfo.InvariantCulture), note.Text, StringComparison.Ordinal);
        Assert.Equal(ticket.TopicId.ToString(System.Globalization.CultureInfo.InvariantCulture), note["message_thread_id"]);

        await using var db = _host.Db();
        Assert.False(await db.SupportMessages.AnyAsync(m => m.TicketId == ticket.Id && m.IsFromAdmin));
        Assert.Equal(TicketStatus.Open, (await db.SupportTickets.SingleAsync(t => t.Id == ticket.Id)).Status);
        Assert.Empty(_host.ClientBotMessagesTo(ticket.Customer, "xxxx"));
    }

    [Fact]
    public async Task A_photo_or_an_unknown_command_gets_a_note_and_reaches_nobody()
    {
        var ticket = await _host.OpenTicketAsync();
        var staff = TestHost.NewUserId();
        _host.SendStaff(Updates.TopicPhoto(StaffGroup, ticket.TopicId, staff, caption: "скриншот настроек"));
        await _host.StaffNoteAsync("только текст");
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "/clsoe"));
        await _host.StaffNoteAsync("Такой команды нет");

        await using var db = _host.Db();
        Assert.False(await db.SupportMessages.AnyAsync(m => m.TicketId == ticket.Id && m.IsFromAdmin));
        Assert.Empty(_host.ClientBotMessagesTo(ticket.Customer, "Ответ поддержки"));
    }

    [Fact]
    public async Task When_the_customer_blocked_the_client_bot_the_topic_is_told_and_the_staff_member_stays_active()
    {
        var ticket = await _host.OpenTicketAsync();
        var staff = TestHost.NewUserId();
        // Everything the ticket's opening sent is done; the next sendMessage is the client bot's delivery.
        _host.Telegram.FailNext("sendMessage", FakeFault.BlockedByUser());
        _host.SendStaff(Updates.TopicMessage(StaffGroup, ticket.TopicId, staff, "Вы тут?"));

        var note = await _host.StaffNoteAsync("заблокировал");
        Assert.Equal(ticket.TopicId.ToString(System.Globalization.CultureInfo.InvariantCulture), note["message_thread_id"]);
        var refused = Assert.Single(_host.Telegram.CallsTo("sendMessage", ticket.Customer), c => c.Text!.Contains("Вы тут?", StringComparison.Ordinal));
        Assert.Equal(TestHost.ClientToken, refused.Token);
        await using var db = _host.Db();
        Assert.True(await db.SupportMessages.AnyAsync(m => m.TicketId == ticket.Id && m.IsFromAdmin && m.MessageText == "Вы тут?"));
        Assert.False((await db.Users.SingleAsync(u => u.TelegramId == ticket.Customer)).IsActive);
        Assert.True((await db.Users.SingleAsync(u => u.TelegramId == staff)).IsActive);
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }
}
