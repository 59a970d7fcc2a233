using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Client;

/// <summary>
/// Callback data is chosen by the client, not by us: any Telegram user can send a button press the bot never
/// drew. Each step re-checks the ids it is given, so a forged press gets the answer a stale one would.
/// </summary>
public class ForgedCallbackTests : IAsyncLifetime
{
    private ShopFixture _shop = null!;

    public async Task InitializeAsync() => _shop = await ShopFixture.StartAsync();

    public Task DisposeAsync() => _shop.DisposeAsync().AsTask();

    private FakeBotApiServer Telegram => _shop.Host.Telegram;

    [Theory]
    [InlineData("disabled")]
    [InlineData("full")]
    public async Task A_forged_pay_button_for_a_server_out_of_rotation_is_refused_and_nothing_is_charged(string why)
    {
        var closed = ClientScreens.Server("nl-1", "Netherlands", "NL", enabled: why != "disabled", current: why == "full" ? 10 : 0, max: 10);
        await using (var db = _shop.Host.Db())
        {
            db.Servers.Add(closed);
            await db.SaveChangesAsync();
        }
        var userId = await _shop.Host.RegisteredUserAsync();

        foreach (var method in new[] { "yookassa", "stars" })
            Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, $"buy:m:{_shop.Plan.Id}:{closed.Id}:{method}"));

        // Both presses are answered with the note and the locations that can be chosen, without the closed one.
        await TestWait.UntilAsync(() => Task.FromResult(Telegram.CallsTo("answerCallbackQuery")
            .Count(c => c["text"]?.Contains("локация сейчас недоступна", StringComparison.Ordinal) == true) == 2
            && Telegram.CallsTo("editMessageText", userId).Count == 2), what: "two 'location unavailable' answers with the locations");
        var locations = Telegram.CallsTo("editMessageText", userId);
        Assert.All(locations, screen =>
        {
            Assert.Contains($"buy:s:{_shop.Plan.Id}:{_shop.Server.Id}", screen.CallbackData());
            Assert.DoesNotContain(screen.CallbackData(), d => d.EndsWith($":{closed.Id}", StringComparison.Ordinal));
        });
        await using (var db = _shop.Host.Db())
            Assert.False(await db.Payments.AnyAsync());
        Assert.Empty(_shop.YooKassa.Payments());
        Assert.Empty(Telegram.CallsTo("createInvoiceLink"));
        Assert.DoesNotContain(_shop.Host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }

    [Fact]
    public async Task Forged_key_buttons_for_another_customers_key_or_a_closed_location_change_nothing()
    {
        var closed = ClientScreens.Server("nl-1", "Netherlands", "NL", enabled: false);
        var owner = await _shop.Host.RegisteredUserAsync();
        var stranger = await _shop.Host.RegisteredUserAsync();
        long configId;
        await using (var db = _shop.Host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            db.Servers.Add(closed);
            var subscription = new Subscription
            {
                UserId = (await db.Users.SingleAsync(u => u.TelegramId == owner)).Id, ServerId = _shop.Server.Id, Status = SubscriptionStatus.Active,
                StartedAt = now, ExpiresAt = now.AddDays(30), CreatedAt = now, UpdatedAt = now,
            };
            var config = new VpnConfig
            {
                Subscription = subscription, ServerId = _shop.Server.Id, Protocol = VpnProtocol.Vless, ExternalName = "owned-key",
                ConnectionString = "vless://owned@de1.example.com:443#owned", CreatedAt = now, UpdatedAt = now,
            };
            db.VpnConfigs.Add(config);
            await db.SaveChangesAsync();
            configId = config.Id;
        }

        // Somebody else's key: neither sent nor re-issued.
        foreach (var data in new[] { $"cfg:s:{configId}", $"cfg:r:{configId}:y", $"cfg:l:{configId}:{_shop.Server.Id}" })
            Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(stranger, data));
        // The owner's own key, moved to a location that is switched off.
        Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(owner, $"cfg:l:{configId}:{closed.Id}"));

        await TestWait.UntilAsync(() => Task.FromResult(
            Telegram.CallsTo("answerCallbackQuery").Count(c => c["text"]?.Contains("кнопка устарела", StringComparison.Ordinal) == true) == 3
            && Telegram.CallsTo("answerCallbackQuery").Any(c => c["text"]?.Contains("локация сейчас недоступна", StringComparison.Ordinal) == true)
            && Telegram.CallsTo("editMessageText", owner).Count == 1), what: "three stale answers to the stranger and one refusal to the owner");
        Assert.DoesNotContain(Telegram.Calls, c => c.Text?.Contains("vless://", StringComparison.Ordinal) == true);
        await using (var db = _shop.Host.Db())
        {
            var config = await db.VpnConfigs.SingleAsync();
            Assert.True(config.IsActive);
            Assert.Equal(_shop.Server.Id, config.ServerId);
            Assert.False(await db.BackendTasks.AnyAsync());
        }
        Assert.DoesNotContain(_shop.Host.Logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Error);
    }
}
