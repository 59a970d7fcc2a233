using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Analytics;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public class SupportConversationTests : IAsyncLifetime
{
    private const long StaffGroup = -1001234567890;
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(s => s["Support:GroupChatId"] = StaffGroup.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_ticket_is_opened_in_two_steps_stored_and_relayed_to_a_new_staff_topic_by_the_support_bot()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Text(userId, "💬 Поддержка"));
        var askSubject = (await _host.ReplyContainingAsync(userId, "тема обращения")).AssertCallbacksFit();
        Assert.Equal(["✖️ Отмена"], askSubject.ButtonTexts());

        _host.Send(Updates.Text(userId, "Не подключается на iPhone"));
        var askMessage = await _host.ReplyContainingAsync(userId, "Теперь опишите подробно");
        Assert.Contains("Тема: <b>Не подключается на iPhone</b>", askMessage.Text, StringComparison.Ordinal);

        _host.Send(Updates.Text(userId, "Streisand пишет timeout с утра, интернет Билайн"));
        var opened = (await _host.ReplyContainingAsync(userId, "создано")).AssertCallbacksFit();
        Assert.Equal(["✅ Закрыть обращение", "🏠 Меню"], opened.ButtonTexts());

        await using (var db = _host.Db())
        {
            var ticket = await db.SupportTickets.Include(t => t.Messages).SingleAsync(t => t.User!.TelegramId == userId);
            Assert.Contains($"#{ticket.Id}", opened.Text, StringComparison.Ordinal);
            Assert.Equal("Не подключается на iPhone", ticket.Subject);
            Assert.Equal(TicketStatus.Open, ticket.Status);
            var message = Assert.Single(ticket.Messages);
            Assert.Equal("Streisand пишет timeout с утра, интернет Билайн", message.MessageText);
            Assert.False(message.IsFromAdmin);

            var topic = await _host.Telegram.WaitForCallAsync(c => c.Method == "createForumTopic");
            Assert.Equal(TestHost.SupportToken, topic.Token);
            Assert.Equal(StaffGroup, topic.ChatId);
            Assert.Equal($"#{ticket.Id} Не подключается на iPhone", topic["name"]);
            var relayed = await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == StaffGroup && c.Text!.Contains("Билайн", StringComparison.Ordinal));
            Assert.Equal(TestHost.SupportToken, relayed.Token);
            await TestWait.UntilAsync(async () =>
            {
                await using var check = _host.Db();
                var topicId = (await check.SupportTickets.SingleAsync(t => t.Id == ticket.Id)).TopicId;
                return topicId is not null && relayed["message_thread_id"] == topicId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }, what: "the topic id is stored and the message went into that topic");
        }

        // While the ticket is open, free text goes to it and on to the same topic.
        _host.Send(Updates.Text(userId, "Перезагрузил телефон — не помогло"));
        await _host.ReplyContainingAsync(userId, "Передали в поддержку");
        var second = await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == StaffGroup && c.Text!.Contains("Перезагрузил", StringComparison.Ordinal));
        Assert.Single(_host.Telegram.CallsTo("createForumTopic"));
        await using (var db = _host.Db())
        {
            var ticket = await db.SupportTickets.Include(t => t.Messages).SingleAsync(t => t.User!.TelegramId == userId);
            Assert.Equal(2, ticket.Messages.Count);
            Assert.Equal(ticket.TopicId.ToString(), second["message_thread_id"]);
        }
        await TestWait.UntilAsync(async () =>
        {
            await using var db = _host.Db();
            return await db.UserActivities.AnyAsync(a => a.User!.TelegramId == userId && a.Action == ActivityActions.TicketOpened)
                && await db.UserActivities.AnyAsync(a => a.User!.TelegramId == userId && a.Action == ActivityActions.TicketMessage);
        }, what: "support.ticket_opened and support.message_sent recorded");
    }

    [Fact]
    public async Task The_support_button_shows_the_open_ticket_and_the_client_can_close_it()
    {
        var userId = await OpenTicketAsync("Медленно", "Скорость 1 Мбит/с");
        _host.Send(Updates.Text(userId, "💬 Поддержка"));
        var screen = (await _host.ReplyContainingAsync(userId, "Тема: Медленно")).AssertCallbacksFit();
        Assert.Equal(["✍️ Написать сообщение", "✅ Закрыть обращение", "🏠 Меню"], screen.ButtonTexts());
        var closeData = screen.CallbackData()[1];

        _host.Send(Updates.Callback(userId, closeData, messageId: 900));
        var confirm = (await _host.ReplyContainingAsync(userId, "Закрыть обращение", "editMessageText")).AssertCallbacksFit();
        _host.Send(Updates.Callback(userId, confirm.CallbackData()[0], messageId: 900));
        await _host.ReplyContainingAsync(userId, "закрыто", "editMessageText");

        await using var db = _host.Db();
        var ticket = await db.SupportTickets.SingleAsync(t => t.User!.TelegramId == userId);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.NotNull(ticket.ClosedAt);
        await _host.Telegram.WaitForCallAsync(c => c.Method == "closeForumTopic" && c.ChatId == StaffGroup && c.Token == TestHost.SupportToken);

        // Closed: free text is no longer a ticket message, and Support starts a new ticket.
        _host.Send(Updates.Text(userId, "ещё вопрос"));
        await _host.ReplyContainingAsync(userId, "Не понял");
        _host.Send(Updates.Text(userId, "💬 Поддержка"));
        await _host.ReplyContainingAsync(userId, "тема обращения");
    }

    [Theory]
    [InlineData("sticker")]
    [InlineData("photo")]
    [InlineData("long")]
    public async Task An_unusable_answer_to_the_subject_question_gets_a_polite_reply_and_changes_nothing(string kind)
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Text(userId, "💬 Поддержка"));
        await _host.ReplyContainingAsync(userId, "тема обращения");

        _host.Send(kind switch
        {
            "sticker" => Updates.Sticker(userId),
            "photo" => Updates.Photo(userId, caption: "вот скриншот"),
            _ => Updates.Text(userId, new string('я', 5000)),
        });
        var refusal = await _host.ReplyContainingAsync(userId, kind == "long" ? "слишком длинная" : "напишите текстом");
        Assert.Equal(["✖️ Отмена"], refusal.ButtonTexts());

        // Still at the subject step: the next text is taken as the subject.
        _host.Send(Updates.Text(userId, "Тема после отказа"));
        await _host.ReplyContainingAsync(userId, "Тема: <b>Тема после отказа</b>");
        await using var db = _host.Db();
        Assert.False(await db.SupportTickets.AnyAsync(t => t.User!.TelegramId == userId));
        Assert.Empty(_host.Telegram.CallsTo("createForumTopic"));
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    [Fact]
    public async Task A_5000_character_message_is_refused_at_the_message_step_and_a_menu_button_leaves_the_conversation()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Text(userId, "/support"));
        await _host.ReplyContainingAsync(userId, "тема обращения");
        _host.Send(Updates.Text(userId, "Тема"));
        await _host.ReplyContainingAsync(userId, "Теперь опишите");
        _host.Send(Updates.Text(userId, new string('x', 5000)));
        await _host.ReplyContainingAsync(userId, "не больше 4096");

        _host.Send(Updates.Text(userId, "📖 Инструкции"));
        await _host.ReplyContainingAsync(userId, "Инструкции</b>");
        _host.Send(Updates.Text(userId, "просто текст"));
        await _host.ReplyContainingAsync(userId, "Не понял");
        await using var db = _host.Db();
        Assert.False(await db.SupportTickets.AnyAsync(t => t.User!.TelegramId == userId));
    }

    [Fact]
    public async Task Cancel_abandons_the_new_ticket()
    {
        var userId = await _host.RegisteredUserAsync("en");
        _host.Send(Updates.Text(userId, "💬 Support", "en"));
        var ask = await _host.ReplyContainingAsync(userId, "subject of your request");
        Assert.Equal(["supcancel"], ask.CallbackData());
        _host.Send(Updates.Callback(userId, "supcancel", messageId: 31, languageCode: "en"));
        var home = await _host.ReplyContainingAsync(userId, "no request was opened", "editMessageText");
        Assert.Contains("🌍 Servers", home.ButtonTexts());
        _host.Send(Updates.Text(userId, "hello?", "en"));
        await _host.ReplyContainingAsync(userId, "did not understand");
    }

    [Fact]
    public async Task Without_an_open_ticket_a_very_long_text_is_just_not_understood()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Text(userId, new string('x', 5000)));
        await _host.ReplyContainingAsync(userId, "Не понял");
        Assert.DoesNotContain(_host.Telegram.CallsTo("sendMessage", userId), c => c.Text!.Contains("слишком длинное", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_photo_while_a_ticket_is_open_is_politely_refused_and_not_stored()
    {
        var userId = await OpenTicketAsync("Фото", "Первое сообщение");
        _host.Send(Updates.Photo(userId));
        await _host.ReplyContainingAsync(userId, "напишите текстом");
        await using var db = _host.Db();
        Assert.Equal(1, await db.SupportMessages.CountAsync(m => m.User!.TelegramId == userId));
    }

    [Fact]
    public async Task When_the_staff_group_refuses_the_topic_the_ticket_still_opens_and_the_next_message_creates_it()
    {
        _host.Telegram.FailNext("createForumTopic", FakeFault.BadRequest("not enough rights to create a topic"));
        var userId = await OpenTicketAsync("Без темы", "Первое");
        await _host.Telegram.WaitForCallAsync(c => c.Method == "createForumTopic");
        await TestWait.UntilAsync(() => Task.FromResult(_host.Logs.RenderedLines().Any(l => l.Contains("not enough rights", StringComparison.Ordinal))),
            what: "the refusal is logged");

        _host.Send(Updates.Text(userId, "Второе"));
        await _host.ReplyContainingAsync(userId, "Передали в поддержку");
        var relayed = await _host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == StaffGroup && c.Text!.Contains("Второе", StringComparison.Ordinal));
        Assert.Equal(2, _host.Telegram.CallsTo("createForumTopic").Count);
        await using var db = _host.Db();
        var ticket = await db.SupportTickets.SingleAsync(t => t.User!.TelegramId == userId);
        Assert.Equal(ticket.TopicId.ToString(), relayed["message_thread_id"]);
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    [Fact]
    public async Task A_NUL_or_a_lone_surrogate_in_the_text_is_dropped_at_the_edge_and_the_ticket_is_stored()
    {
        // PostgreSQL refuses NUL in text: before the sanitizer the customer got an apology and no ticket.
        var userId = await OpenTicketAsync("Не\0 работает", "Ключ\0 не\u0001 импортируется \ud800!");
        await using var db = _host.Db();
        var ticket = await db.SupportTickets.Include(t => t.Messages).SingleAsync(t => t.User!.TelegramId == userId);
        Assert.Equal("Не работает", ticket.Subject);
        Assert.Equal("Ключ не импортируется \uFFFD!", Assert.Single(ticket.Messages).MessageText);
        Assert.DoesNotContain(_host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    private async Task<long> OpenTicketAsync(string subject, string message)
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Text(userId, "💬 Поддержка"));
        await _host.ReplyContainingAsync(userId, "тема обращения");
        _host.Send(Updates.Text(userId, subject));
        await _host.ReplyContainingAsync(userId, "Теперь опишите");
        _host.Send(Updates.Text(userId, message));
        await _host.ReplyContainingAsync(userId, "создано");
        return userId;
    }
}
