using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Analytics;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public class InstructionsScreenTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_menu_button_offers_the_five_platforms_in_russian()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Text(userId, "📖 Инструкции"));
        var reply = (await _host.ReplyContainingAsync(userId, "Инструкции</b>")).AssertCallbacksFit();
        Assert.Equal(["🤖 Android", "🍏 iPhone / iPad", "🪟 Windows", "💻 macOS", "🐧 Linux", "🏠 Меню"], reply.ButtonTexts());
        Assert.Equal(["ins:android", "ins:ios", "ins:windows", "ins:macos", "ins:linux", "home"], reply.CallbackData());
    }

    [Fact]
    public async Task A_platform_offers_the_protocols_with_a_way_back_in_english()
    {
        var userId = await _host.RegisteredUserAsync("en");
        _host.Send(Updates.Callback(userId, "ins:ios", messageId: 77, languageCode: "en"));
        var edit = (await _host.ReplyContainingAsync(userId, "iPhone / iPad", "editMessageText")).AssertCallbacksFit();
        Assert.Equal("77", edit["message_id"]);
        Assert.Contains("Which protocol", edit.Text, StringComparison.Ordinal);
        Assert.Equal(["VLESS Reality", "WireGuard", "OpenVPN", "◀️ Back", "🏠 Menu"], edit.ButtonTexts());
        Assert.Equal(["ins:ios:vless", "ins:ios:wg", "ins:ios:ovpn", "ins", "home"], edit.CallbackData());
    }

    [Fact]
    public async Task Android_vless_steps_name_the_apps_and_the_blocked_protocol_advice_points_to_vless()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Callback(userId, "ins:android:vless", messageId: 78));
        var vless = (await _host.ReplyContainingAsync(userId, "Android · VLESS Reality", "editMessageText")).AssertCallbacksFit();
        Assert.Contains("v2rayNG", vless.Text, StringComparison.Ordinal);
        Assert.Contains("Hiddify", vless.Text, StringComparison.Ordinal);
        Assert.Contains("APK", vless.Text, StringComparison.Ordinal);
        Assert.Equal(["ins:android", "home"], vless.CallbackData());

        _host.Send(Updates.Callback(userId, "ins:windows:wg", messageId: 78));
        var wg = await _host.ReplyContainingAsync(userId, "Windows · WireGuard", "editMessageText");
        Assert.Contains("AmneziaWG", wg.Text, StringComparison.Ordinal);
        Assert.Contains("VLESS Reality", wg.Text, StringComparison.Ordinal);
        Assert.Contains("блокируют", wg.Text, StringComparison.Ordinal);

        await TestWait.UntilAsync(async () =>
        {
            await using var db = _host.Db();
            var details = await db.UserActivities.Where(a => a.User!.TelegramId == userId && a.Action == ActivityActions.InstructionsViewed)
                .Select(a => a.Details).ToListAsync();
            return details.Contains("android/vless") && details.Contains("windows/wg");
        }, what: "instructions.viewed recorded per platform/protocol");
    }

    [Fact]
    public async Task An_unknown_platform_from_an_old_button_shows_the_platform_list()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Callback(userId, "ins:symbian:vless", messageId: 79));
        var edit = await _host.ReplyContainingAsync(userId, "Инструкции</b>", "editMessageText");
        Assert.Contains("🐧 Linux", edit.ButtonTexts());
    }
}
