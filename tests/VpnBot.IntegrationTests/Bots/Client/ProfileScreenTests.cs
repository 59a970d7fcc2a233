using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Analytics;
using VpnBot.Core.Payments;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

public class ProfileScreenTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_profile_shows_the_account_and_its_settings_in_russian()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Text(userId, "⚙️ Профиль"));
        var reply = (await _host.ReplyContainingAsync(userId, "Профиль</b>")).AssertCallbacksFit();
        Assert.Contains($"Telegram ID: <code>{userId}</code>", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Язык: 🇷🇺 Русский", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Протокол: 🤖 автовыбор", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Пробный период: доступен", reply.Text, StringComparison.Ordinal);
        var today = DateTime.UtcNow.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("ru"));
        Assert.Contains("С нами с " + today, reply.Text, StringComparison.Ordinal);
        Assert.Equal(["🌐 Язык", "🔌 Протокол", "💳 История платежей", "🎟 Промокод", "👥 Пригласить друзей", "🎁 Мои подарки", "🏠 Меню"], reply.ButtonTexts());
        Assert.Equal(["plang", "pproto", "ppay", "promo", "ref", "gift:l", "home"], reply.CallbackData());
    }

    [Fact]
    public async Task Choosing_english_is_stored_and_outlives_the_russian_telegram_language_on_later_updates()
    {
        var userId = await _host.RegisteredUserAsync("ru");
        _host.Send(Updates.Callback(userId, "plang", messageId: 60));
        var picker = (await _host.ReplyContainingAsync(userId, "Выберите язык", "editMessageText")).AssertCallbacksFit();
        Assert.Equal(["✅ 🇷🇺 Русский", "🇬🇧 English", "◀️ Назад", "🏠 Меню"], picker.ButtonTexts());

        _host.Send(Updates.Callback(userId, "plang:en", messageId: 60));
        var profile = await _host.ReplyContainingAsync(userId, "Profile</b>", "editMessageText");
        Assert.Contains("Language: 🇬🇧 English", profile.Text, StringComparison.Ordinal);
        Assert.Equal("60", profile["message_id"]);
        var note = await _host.ReplyContainingAsync(userId, "speaks English");
        Assert.Contains("🛒 Buy / renew", note.ButtonTexts());

        // Telegram keeps saying "ru"; the user's choice wins.
        _host.Send(Updates.Text(userId, "/help", "ru"));
        await _host.ReplyContainingAsync(userId, "What this bot does");
        _host.Send(Updates.Text(userId, "🌍 Серверы", "ru"));
        await _host.ReplyContainingAsync(userId, "Servers</b>");

        await using var db = _host.Db();
        var user = await db.Users.SingleAsync(u => u.TelegramId == userId);
        Assert.Equal("en", user.UiLanguage);
        Assert.Equal("ru", user.LanguageCode);
        await TestWait.UntilAsync(async () =>
        {
            await using var check = _host.Db();
            return await check.UserActivities.AnyAsync(a => a.UserId == user.Id && a.Action == ActivityActions.LanguageChanged && a.Details == "en");
        }, what: "profile.language_changed recorded");
    }

    [Fact]
    public async Task An_unsupported_language_from_forged_data_changes_nothing()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Callback(userId, "plang:de", messageId: 61));
        await _host.ReplyContainingAsync(userId, "Выберите язык", "editMessageText");
        await using var db = _host.Db();
        Assert.Null((await db.Users.SingleAsync(u => u.TelegramId == userId)).UiLanguage);
    }

    [Fact]
    public async Task The_preferred_protocol_is_saved_and_auto_select_restores_the_default()
    {
        var userId = await _host.RegisteredUserAsync("en");
        _host.Send(Updates.Callback(userId, "pproto", messageId: 62, languageCode: "en"));
        var picker = (await _host.ReplyContainingAsync(userId, "Default protocol", "editMessageText")).AssertCallbacksFit();
        Assert.Equal(["VLESS Reality", "WireGuard", "OpenVPN", "✅ 🤖 Auto-select", "◀️ Back", "🏠 Menu"], picker.ButtonTexts());
        Assert.Equal(["pproto:vless", "pproto:wg", "pproto:ovpn", "pproto:auto", "prof", "home"], picker.CallbackData());

        _host.Send(Updates.Callback(userId, "pproto:wg", messageId: 62, languageCode: "en"));
        await _host.ReplyContainingAsync(userId, "Protocol: WireGuard", "editMessageText");
        await using (var db = _host.Db())
        {
            var user = await db.Users.SingleAsync(u => u.TelegramId == userId);
            Assert.Equal(VpnProtocol.WireGuard, user.PreferredProtocol);
            Assert.False(user.AutoSelectProtocol);
        }

        _host.Send(Updates.Callback(userId, "pproto:ikev2", messageId: 62, languageCode: "en"));
        var refused = await _host.Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.ChatId == userId && c.ButtonTexts().Contains("✅ WireGuard"));
        Assert.Contains("Default protocol", refused.Text, StringComparison.Ordinal);

        _host.Send(Updates.Callback(userId, "pproto:auto", messageId: 62, languageCode: "en"));
        await _host.ReplyContainingAsync(userId, "Protocol: 🤖 auto-select", "editMessageText");
        await using (var db = _host.Db())
        {
            var user = await db.Users.SingleAsync(u => u.TelegramId == userId);
            Assert.Null(user.PreferredProtocol);
            Assert.True(user.AutoSelectProtocol);
        }
    }

    [Fact]
    public async Task Payment_history_says_so_when_there_are_none()
    {
        var userId = await _host.RegisteredUserAsync();
        _host.Send(Updates.Callback(userId, "ppay", messageId: 63));
        var screen = (await _host.ReplyContainingAsync(userId, "История платежей", "editMessageText")).AssertCallbacksFit();
        Assert.Contains("Платежей пока нет.", screen.Text, StringComparison.Ordinal);
        Assert.Equal(["prof", "home"], screen.CallbackData());
    }

    [Fact]
    public async Task Payment_history_lists_the_last_ten_newest_first_with_amount_method_and_status()
    {
        var userId = await _host.RegisteredUserAsync();
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await using (var db = _host.Db())
        {
            var user = await db.Users.SingleAsync(u => u.TelegramId == userId);
            for (var i = 0; i < 12; i++)
            {
                db.AddPaymentRow(new Payment
                {
                    UserId = user.Id, PaymentMethod = i == 11 ? "stars" : "yookassa", Amount = i == 11 ? 150m : 199m + i,
                    Currency = i == 11 ? "XTR" : "RUB", CreatedAt = start.AddDays(i),
                }, i == 10 ? PaymentStatus.Failed : PaymentStatus.Completed, paidAt: i == 10 ? null : start.AddDays(i));
            }
            await db.SaveChangesAsync();
        }

        _host.Send(Updates.Callback(userId, "ppay", messageId: 64));
        var screen = await _host.ReplyContainingAsync(userId, "История платежей", "editMessageText");
        var lines = screen.Text!.Split('\n').Where(l => l.Contains('·', StringComparison.Ordinal)).ToList();
        Assert.Equal(10, lines.Count);
        Assert.Equal("12 марта 2026 · <b>150 ⭐</b> · Telegram Stars · ✅ оплачен", lines[0]);
        Assert.Equal("11 марта 2026 · <b>209 ₽</b> · банковская карта / СБП · ❌ не прошёл", lines[1]);
        Assert.StartsWith("3 марта 2026 · <b>201 ₽</b>", lines[9], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_is_recorded_with_its_payload()
    {
        var userId = TestHost.NewUserId();
        _host.Send(Updates.Text(userId, "/start ref-42"));
        await _host.Telegram.WaitForCallAsync("sendMessage", userId);
        await TestWait.UntilAsync(async () =>
        {
            await using var db = _host.Db();
            return await db.UserActivities.AnyAsync(a => a.User!.TelegramId == userId && a.Action == ActivityActions.Start && a.Details == "ref-42");
        }, what: "start recorded");
    }
}
