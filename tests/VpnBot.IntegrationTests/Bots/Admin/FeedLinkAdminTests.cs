using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.Core.Vpn.SubscriptionFeed;
using static VpnBot.IntegrationTests.Bots.Admin.AdminBotHarness;

namespace VpnBot.IntegrationTests.Bots.Admin;

/// <summary>An operator revokes a customer's leaked subscription link from the user card (issue 10.4).</summary>
public class FeedLinkAdminTests : IAsyncLifetime
{
    private const string OldToken = "leaked-link-0123456789abcdefghijklmnopqrstu";

    private AdminBotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await AdminBotHarness.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task An_admin_rotates_a_customers_link_from_the_card_after_confirming_it_is_audited_and_a_second_press_changes_nothing()
    {
        var user = await _bot.SeedUserAsync(TestHost.NewUserId(), username: "leaker");
        await using (var db = _bot.Host.Db())
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.SubscriptionToken, OldToken));
        }

        var card = await _bot.PressAsync($"usr:{user.TelegramId}");
        Assert.Contains($"rot:ask:{user.TelegramId}", card.CallbackData());

        var confirm = await _bot.PressAsync($"rot:ask:{user.TelegramId}");
        Assert.Contains("@leaker", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("stops working", confirm.Text, StringComparison.Ordinal);
        var yes = $"rot:yes:{user.TelegramId}:{SubscriptionFeedService.Fingerprint(OldToken)}";
        Assert.Equal([yes, $"usr:{user.TelegramId}"], confirm.CallbackData());
        Assert.Equal(OldToken, await TokenAsync(user.Id)); // asking is not doing

        var toast = await _bot.PressForAnswerAsync(yes);
        Assert.Equal("Subscription link rotated", toast["text"]);
        var rotated = await TokenAsync(user.Id);
        Assert.NotEqual(OldToken, rotated);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", rotated);

        var again = await _bot.PressForAnswerAsync(yes);
        Assert.Contains("out of date", again["text"], StringComparison.Ordinal);
        Assert.Equal(rotated, await TokenAsync(user.Id));

        await using (var db = _bot.Host.Db())
        {
            var audit = Assert.Single(await db.AuditLog.ToListAsync());
            Assert.Equal(AdminId, audit.ActorTelegramId);
            Assert.Equal("user-feed-rotate", audit.Action);
            Assert.Equal("user", audit.TargetType);
            Assert.Equal(user.TelegramId.ToString(CultureInfo.InvariantCulture), audit.TargetId);
            Assert.Contains(SubscriptionFeedService.Fingerprint(OldToken), audit.Before, StringComparison.Ordinal);
            Assert.Contains(SubscriptionFeedService.Fingerprint(rotated), audit.After, StringComparison.Ordinal);
            Assert.DoesNotContain(rotated!, audit.After, StringComparison.Ordinal); // the link itself never reaches the log
        }
    }

    [Fact]
    public async Task A_customer_pressing_an_admin_rotate_button_changes_nothing()
    {
        var victim = await _bot.SeedUserAsync(TestHost.NewUserId());
        await using (var db = _bot.Host.Db())
            await db.Users.Where(u => u.Id == victim.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.SubscriptionToken, OldToken));

        await _bot.PressForAnswerAsync($"rot:yes:{victim.TelegramId}:{SubscriptionFeedService.Fingerprint(OldToken)}", from: TestHost.NewUserId());

        Assert.Equal(OldToken, await TokenAsync(victim.Id));
        await using var check = _bot.Host.Db();
        Assert.Empty(await check.AuditLog.ToListAsync());
    }

    private async Task<string?> TokenAsync(long userId)
    {
        await using var db = _bot.Host.Db();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SubscriptionToken).SingleAsync();
    }
}
