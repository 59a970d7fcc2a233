using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Core.Promotions;
using VpnBot.IntegrationTests.Bots.Client;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Promotions;

/// <summary>Promo codes through the client bot's buttons on the fake Bot API, with the real host, PostgreSQL and Redis.</summary>
public class PromoBotTests : IAsyncLifetime
{
    private ShopFixture _shop = null!;

    public async Task InitializeAsync() => _shop = await ShopFixture.StartAsync();

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    private FakeBotApiServer Telegram => _shop.Host.Telegram;

    private async Task AddCodeAsync(string code, PromoKind kind, decimal value, int? maxUses = null)
    {
        await using var db = _shop.Host.Db();
        db.PromoCodes.Add(new PromoCode { Code = code, Kind = kind, Value = value, MaxUses = maxUses, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    private string MethodsStep => $"buy:s:{_shop.Plan.Id}:{_shop.Server.Id}";

    private string PayData(string method) => $"buy:m:{_shop.Plan.Id}:{_shop.Server.Id}:{method}";

    /// <summary>Sends one update and waits for the bot's answer that matches.</summary>
    private async Task<RecordedCall> SendAsync(long userId, System.Text.Json.Nodes.JsonObject update, Func<RecordedCall, bool> answer)
    {
        var before = new HashSet<RecordedCall>(Telegram.Calls, ReferenceEqualityComparer.Instance);
        Telegram.EnqueueUpdate(TestHost.ClientToken, update);
        return await Telegram.WaitForCallAsync(c => c.ChatId == userId && !before.Contains(c) && answer(c));
    }

    [Fact]
    public async Task A_code_entered_at_checkout_shows_discounted_prices_and_is_fixed_on_the_payment_and_can_be_removed()
    {
        await AddCodeAsync("SPRING", PromoKind.Percent, 20);
        var userId = TestHost.NewUserId();
        var methods = await SendAsync(userId, Updates.Callback(userId, MethodsStep), c => c.CallbackData().Contains(PayData("yookassa")));
        var ask = methods.CallbackData().Single(d => d.StartsWith("promo:a:", StringComparison.Ordinal));

        await SendAsync(userId, Updates.Callback(userId, ask), c => c.Text?.Contains("Отправьте промокод", StringComparison.Ordinal) == true);
        var discounted = await SendAsync(userId, Updates.Text(userId, "spring"), c => c.CallbackData().Contains(PayData("yookassa")));
        Assert.Contains("SPRING", discounted.Text, StringComparison.Ordinal);
        var payButton = discounted.Buttons().Single(b => (string?)b["callback_data"] == PayData("yookassa"));
        Assert.Contains("239", (string?)payButton["text"], StringComparison.Ordinal);
        Assert.Contains(discounted.CallbackData(), d => d.StartsWith("promo:x:", StringComparison.Ordinal));

        await SendAsync(userId, Updates.Callback(userId, PayData("yookassa")), c => c.CallbackData().Any(d => d.StartsWith("buy:c:", StringComparison.Ordinal)));
        await using (var db = _shop.Host.Db())
        {
            var payment = await db.Payments.SingleAsync(p => p.User!.TelegramId == userId);
            Assert.Equal((239.20m, 59.80m), (payment.Amount, payment.Discount));
            Assert.NotNull(payment.PromoCodeId);
        }

        // Removing the code brings the full prices back.
        var remove = $"promo:x:{_shop.Plan.Id}:{_shop.Server.Id}";
        var full = await SendAsync(userId, Updates.Callback(userId, remove), c => c.CallbackData().Contains(PayData("yookassa")));
        Assert.DoesNotContain("SPRING", full.Text, StringComparison.Ordinal);
        Assert.Contains(full.CallbackData(), d => d.StartsWith("promo:a:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_start_link_remembers_the_code_in_the_database_until_the_next_purchase()
    {
        await AddCodeAsync("LINK50", PromoKind.Amount, 50);
        var userId = TestHost.NewUserId();
        await SendAsync(userId, Updates.Text(userId, "/start promo_link50"), c => c.Text?.Contains("LINK50", StringComparison.Ordinal) == true);
        await using (var db = _shop.Host.Db())
            Assert.Equal(1, await db.RememberedPromos.CountAsync(r => db.Users.Any(u => u.Id == r.UserId && u.TelegramId == userId)));

        var methods = await SendAsync(userId, Updates.Callback(userId, MethodsStep), c => c.CallbackData().Contains(PayData("yookassa")));
        Assert.Contains("LINK50", methods.Text, StringComparison.Ordinal);
        await SendAsync(userId, Updates.Callback(userId, PayData("yookassa")), c => c.CallbackData().Any(d => d.StartsWith("buy:c:", StringComparison.Ordinal)));
        await using (var db = _shop.Host.Db())
            Assert.Equal(249m, (await db.Payments.SingleAsync(p => p.User!.TelegramId == userId)).Amount);
    }

    [Fact]
    public async Task Five_wrong_codes_in_ten_minutes_make_even_a_right_one_wait()
    {
        await AddCodeAsync("GIFT3", PromoKind.FreeDays, 3);
        var userId = TestHost.NewUserId();
        await SendAsync(userId, Updates.Callback(userId, "promo"), c => c.Text?.Contains("Отправьте промокод", StringComparison.Ordinal) == true);
        for (var i = 0; i < PromoGuessLimit; i++)
            await SendAsync(userId, Updates.Text(userId, "WRONG" + i), c => c.Text?.Contains("Такого промокода нет", StringComparison.Ordinal) == true);

        await SendAsync(userId, Updates.Text(userId, "GIFT3"), c => c.Text?.Contains("Попробуйте снова через 10 минут", StringComparison.Ordinal) == true);
        await using var db = _shop.Host.Db();
        Assert.Equal(0, await db.PromoRedemptions.CountAsync());
    }

    private const int PromoGuessLimit = 5;

    [Fact]
    public async Task The_profile_button_redeems_free_days_once_and_says_so_the_second_time()
    {
        await AddCodeAsync("GIFT3", PromoKind.FreeDays, 3);
        var userId = TestHost.NewUserId();
        await SendAsync(userId, Updates.Callback(userId, "promo"), c => c.Text?.Contains("Отправьте промокод", StringComparison.Ordinal) == true);
        await SendAsync(userId, Updates.Text(userId, "Gift3"), c => c.Text?.Contains("+3 дн.", StringComparison.Ordinal) == true);
        await using (var db = _shop.Host.Db())
        {
            var subscription = await db.Subscriptions.SingleAsync(s => s.User!.TelegramId == userId);
            Assert.InRange(subscription.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(2.9), DateTimeOffset.UtcNow.AddDays(3.1));
        }
        await SendAsync(userId, Updates.Callback(userId, "promo"), c => c.Text?.Contains("Отправьте промокод", StringComparison.Ordinal) == true);
        await SendAsync(userId, Updates.Text(userId, "GIFT3"), c => c.Text?.Contains("Вы уже использовали этот промокод", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_one_use_code_pressed_by_several_customers_at_once_is_used_by_exactly_one()
    {
        await AddCodeAsync("ONE", PromoKind.Percent, 50, maxUses: 1);
        var users = Enumerable.Range(0, 6).Select(_ => TestHost.NewUserId()).ToList();
        foreach (var userId in users)
            await SendAsync(userId, Updates.Text(userId, "/start promo_ONE"), c => c.Text?.Contains("ONE", StringComparison.Ordinal) == true);

        // All press "pay" at the same moment; each gets an answer: a checkout, or the methods again saying the code is used up.
        var before = Telegram.Calls.Count;
        foreach (var userId in users) Telegram.EnqueueUpdate(TestHost.ClientToken, Updates.Callback(userId, PayData("yookassa")));
        await TestWait.UntilAsync(() => Task.FromResult(users.All(u => Telegram.Calls.Skip(before).Any(c => c.ChatId == u && c.Method == "editMessageText"))),
            what: "every customer answered");

        await using var db = _shop.Host.Db();
        var discounted = await db.Payments.Where(p => p.PromoCodeId != null).ToListAsync();
        var winner = Assert.Single(discounted);
        Assert.Equal(149.50m, winner.Amount);
        Assert.Equal(1, await db.PromoRedemptions.CountAsync(r => r.Status != RedemptionStatus.Released));
        // The others were charged the full price or told the code is used up; nobody else got the discount.
        Assert.All(await db.Payments.Where(p => p.PromoCodeId == null).ToListAsync(), p => Assert.Equal(299m, p.Amount));
        Assert.Equal(PaymentStatus.Pending, winner.Status);
    }
}
