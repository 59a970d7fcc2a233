using Microsoft.EntityFrameworkCore;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public class SupportWithoutStaffGroupTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Tickets_open_and_collect_messages_with_no_staff_group_configured()
    {
        var userId = await _host.RegisteredUserAsync("en");
        _host.Send(Updates.Text(userId, "💬 Support", "en"));
        await _host.ReplyContainingAsync(userId, "subject of your request");
        _host.Send(Updates.Text(userId, "Slow at night", "en"));
        await _host.ReplyContainingAsync(userId, "Now describe it");
        _host.Send(Updates.Text(userId, "Speed drops after 22:00", "en"));
        var opened = (await _host.ReplyContainingAsync(userId, "is open")).AssertCallbacksFit();
        Assert.Equal(["✅ Close request", "🏠 Menu"], opened.ButtonTexts());
        _host.Send(Updates.Text(userId, "Also on Wi-Fi", "en"));
        await _host.ReplyContainingAsync(userId, "Sent to support");

        await using var db = _host.Db();
        var ticket = await db.SupportTickets.Include(t => t.Messages).SingleAsync(t => t.User!.TelegramId == userId);
        Assert.Equal(["Speed drops after 22:00", "Also on Wi-Fi"], ticket.Messages.OrderBy(m => m.Id).Select(m => m.MessageText));
        Assert.Null(ticket.TopicId);
        Assert.Empty(_host.Telegram.CallsTo("createForumTopic"));
        Assert.DoesNotContain(_host.Telegram.CallsTo("sendMessage"), c => c.Token == TestHost.SupportToken);
    }
}
