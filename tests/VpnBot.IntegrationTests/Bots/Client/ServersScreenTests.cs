using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Analytics;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public class ServersScreenTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        await using var db = _host.Db();
        db.Servers.AddRange(
            ClientScreens.Server("de-1", "Германия", "DE", "Франкфурт", current: 20, max: 100, protocols: [VpnProtocol.Vless, VpnProtocol.WireGuard]),
            ClientScreens.Server("nl-1", "Нидерланды", "nl", "Амстердам", current: 100, max: 100, protocols: [VpnProtocol.OpenVpn]),
            ClientScreens.Server("fi-1", "Финляндия", "FI", current: 85, max: 100),
            ClientScreens.Server("us-1", "США <b>", "US", current: 1, max: 10, enabled: false));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_menu_button_lists_enabled_servers_with_flag_load_and_protocols_and_marks_full_ones()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Text(userId, "🌍 Серверы"));

        var reply = (await _host.ReplyContainingAsync(userId, "Серверы</b>")).AssertCallbacksFit();
        Assert.Equal("html", reply["parse_mode"], ignoreCase: true);
        Assert.Contains("🇩🇪 <b>Германия, Франкфурт</b>", reply.Text, StringComparison.Ordinal);
        Assert.Contains("🟢 низкая · 20%", reply.Text, StringComparison.Ordinal);
        Assert.Contains("VLESS Reality, WireGuard", reply.Text, StringComparison.Ordinal);
        Assert.Contains("🇳🇱 <b>Нидерланды, Амстердам</b>", reply.Text, StringComparison.Ordinal);
        Assert.Contains("🔴 заполнен", reply.Text, StringComparison.Ordinal);
        Assert.Contains("🟠 высокая · 85%", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("США", reply.Text, StringComparison.Ordinal);
        Assert.Equal(["🔄 Обновить", "🏠 Меню"], reply.ButtonTexts());
        Assert.Equal(["srv:p:0", "home"], reply.CallbackData());

        await TestWait.UntilAsync(async () =>
        {
            await using var db = _host.Db();
            return await db.UserActivities.AnyAsync(a => a.User!.TelegramId == userId && a.Action == ActivityActions.ServersViewed);
        }, what: "servers.viewed recorded");
    }

    [Fact]
    public async Task English_speakers_get_the_list_in_english()
    {
        var userId = await _host.RegisteredUserAsync("en");
        _host.Send(Updates.Text(userId, "🌍 Servers", "en"));
        var reply = await _host.ReplyContainingAsync(userId, "Servers</b>");
        Assert.Contains("🟢 low · 20%", reply.Text, StringComparison.Ordinal);
        Assert.Contains("🔴 full", reply.Text, StringComparison.Ordinal);
        Assert.Equal(["🔄 Refresh", "🏠 Menu"], reply.ButtonTexts());
    }

    [Fact]
    public async Task Refresh_edits_the_same_message_and_answers_the_button()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Callback(userId, "srv:p:0", messageId: 4242));

        var edit = (await _host.ReplyContainingAsync(userId, "Серверы</b>", "editMessageText")).AssertCallbacksFit();
        Assert.Equal("4242", edit["message_id"]);
        await _host.Telegram.WaitForCallAsync(c => c.Method == "answerCallbackQuery");
        Assert.Single(_host.Telegram.CallsTo("sendMessage", userId)); // only the /start reply: nothing new was sent
    }
}
