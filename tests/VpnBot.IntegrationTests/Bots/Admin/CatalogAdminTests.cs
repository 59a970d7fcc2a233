using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.IntegrationTests.Infrastructure;
using static VpnBot.IntegrationTests.Bots.Admin.AdminBotHarness;

namespace VpnBot.IntegrationTests.Bots.Admin;

public class CatalogAdminTests : IAsyncLifetime
{
    private AdminBotHarness _bot = null!;
    private Server _server = null!;
    private SubscriptionPlan _plan = null!;

    public async Task InitializeAsync()
    {
        _bot = await AdminBotHarness.StartAsync();
        var now = DateTimeOffset.UtcNow;
        _server = new Server
        {
            Name = "de-1", Location = "Germany", CountryCode = "DE", IpAddress = "203.0.113.10",
            SupportedProtocols = [VpnProtocol.Vless, VpnProtocol.WireGuard], MaxUsers = 100, CurrentUsers = 42, CreatedAt = now, UpdatedAt = now,
        };
        _plan = new SubscriptionPlan { Name = "Месяц", DurationDays = 30, Price = 299.9m, Currency = "RUB", IsPopular = true, CreatedAt = now, UpdatedAt = now };
        await using var db = _bot.Host.Db();
        db.AddRange(_server, _plan,
            new Server { Name = "nl-1", Location = "Netherlands", CountryCode = "NL", IpAddress = "203.0.113.11", SupportedProtocols = [VpnProtocol.OpenVpn], IsEnabled = false, CreatedAt = now, UpdatedAt = now },
            new SubscriptionPlan { Name = "Year", DurationDays = 365, Price = 2490m, Currency = "RUB", IsActive = false, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task The_servers_list_shows_state_load_and_protocols_and_a_switch_disables_one_with_an_audit_row()
    {
        var list = await _bot.SendTextAsync("/servers");
        Assert.Contains("<b>de-1</b> · Germany · ✅ enabled\n👥 42/100 · vless, wireguard", list.Text, StringComparison.Ordinal);
        Assert.Contains("<b>nl-1</b> · Netherlands · ⛔️ disabled\n👥 0/∞ · openvpn", list.Text, StringComparison.Ordinal);
        Assert.Contains($"srv:off:{_server.Id}", list.CallbackData());
        Assert.Contains("⛔️ Disable de-1", list.ButtonTexts());

        var toast = await _bot.PressForAnswerAsync($"srv:off:{_server.Id}");
        Assert.StartsWith("Server disabled", toast["text"], StringComparison.Ordinal);
        var shown = await _bot.Telegram.WaitForCallAsync(c => c.Method == "editMessageText" && c.CallbackData().Contains($"srv:on:{_server.Id}"));
        Assert.Contains("<b>de-1</b> · Germany · ⛔️ disabled", shown.Text, StringComparison.Ordinal);

        await using var db = _bot.Host.Db();
        Assert.False((await db.Servers.SingleAsync(s => s.Id == _server.Id)).IsEnabled);
        var audit = await db.AuditLog.SingleAsync();
        Assert.Equal((AdminId, "server-disable", "server", "de-1"), (audit.ActorTelegramId, audit.Action, audit.TargetType, audit.TargetId));
        Assert.Equal("{\"enabled\": true}", audit.Before);
        Assert.Equal("{\"enabled\": false}", audit.After);
    }

    [Fact]
    public async Task A_stale_server_switch_or_a_deleted_server_changes_nothing()
    {
        var already = await _bot.PressForAnswerAsync($"srv:on:{_server.Id}"); // an old button: it is enabled already
        Assert.Contains("Already in that state", already["text"], StringComparison.Ordinal);
        var gone = await _bot.PressForAnswerAsync("srv:off:987654");
        Assert.Contains("no longer exists", gone["text"], StringComparison.Ordinal);
        var forged = await _bot.PressForAnswerAsync($"srv:flip:{_server.Id}");
        Assert.Contains("out of date", forged["text"], StringComparison.Ordinal);

        await using var db = _bot.Host.Db();
        Assert.True((await db.Servers.SingleAsync(s => s.Id == _server.Id)).IsEnabled);
        Assert.Empty(await db.AuditLog.ToListAsync());
    }

    [Fact]
    public async Task The_plans_list_shows_days_price_and_state_and_a_switch_deactivates_one_once()
    {
        var list = await _bot.PressAsync("pln");
        Assert.Contains("<b>Месяц</b> · 30 days · 299.9 RUB · ✅ active · 🔥 popular", list.Text, StringComparison.Ordinal);
        Assert.Contains("<b>Year</b> · 365 days · 2490 RUB · ⛔️ inactive", list.Text, StringComparison.Ordinal);

        var toast = await _bot.PressForAnswerAsync($"pln:off:{_plan.Id}");
        Assert.StartsWith("Plan deactivated", toast["text"], StringComparison.Ordinal);
        var again = await _bot.PressForAnswerAsync($"pln:off:{_plan.Id}");
        Assert.Contains("Already in that state", again["text"], StringComparison.Ordinal);
        var gone = await _bot.PressForAnswerAsync("pln:on:987654");
        Assert.Contains("no longer exists", gone["text"], StringComparison.Ordinal);

        await using var db = _bot.Host.Db();
        Assert.False((await db.Plans.SingleAsync(p => p.Id == _plan.Id)).IsActive);
        var audit = await db.AuditLog.SingleAsync();
        Assert.Equal((AdminId, "plan-disable", "plan", _plan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (audit.ActorTelegramId, audit.Action, audit.TargetType, audit.TargetId));
    }

    [Fact]
    public async Task A_customer_pressing_a_switch_changes_nothing()
    {
        var customer = TestHost.NewUserId();
        await _bot.PressForAnswerAsync($"srv:off:{_server.Id}", from: customer);
        await _bot.PressForAnswerAsync($"pln:off:{_plan.Id}", from: customer);

        await using var db = _bot.Host.Db();
        Assert.True((await db.Servers.SingleAsync(s => s.Id == _server.Id)).IsEnabled);
        Assert.True((await db.Plans.SingleAsync(p => p.Id == _plan.Id)).IsActive);
        Assert.Empty(await db.AuditLog.ToListAsync());
        Assert.Empty(_bot.Telegram.CallsTo("editMessageText"));
    }
}
