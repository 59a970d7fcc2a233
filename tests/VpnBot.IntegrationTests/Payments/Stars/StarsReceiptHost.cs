using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Host.Jobs;
using VpnBot.Host.Telegram;
using VpnBot.IntegrationTests.Bots.Admin;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.Payments.Stars;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Payments.Stars;

/// <summary>The real host (client and admin bot on the fake Bot API, one configured admin) with a Stars plan and order helpers.</summary>
public sealed class StarsReceiptHost : IAsyncDisposable
{
    private StarsReceiptHost(AdminBotHarness admin) => Admin = admin;

    public AdminBotHarness Admin { get; }
    public TestHost Host => Admin.Host;
    public FakeBotApiServer Telegram => Admin.Telegram;

    public static async Task<StarsReceiptHost> StartAsync(Action<Dictionary<string, string?>>? configure = null) =>
        new(await AdminBotHarness.StartAsync(c =>
        {
            c["Payments:Stars:Enabled"] = "true";
            configure?.Invoke(c);
        }));

    /// <summary>A customer with an open Stars order for a 30-day plan at 150 Stars, as pre-checkout left it; returns the invoice payload.</summary>
    public async Task<(User User, Payment Payment, string Payload)> OrderAsync(long telegramId, bool banned = false)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = Host.Db();
        var user = new User { TelegramId = telegramId, FirstName = "Ann", LanguageCode = "ru", IsBanned = banned, IsActive = true, CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
        var plan = new SubscriptionPlan { Name = "Месяц", DurationDays = 30, Price = 299m, Currency = "RUB", PriceStars = 150, DeviceLimit = 3, CreatedAt = now, UpdatedAt = now };
        db.AddRange(user, plan);
        await db.SaveChangesAsync();
        var payment = new Payment { UserId = user.Id, PlanId = plan.Id, PaymentMethod = "stars", Amount = 150, Currency = "XTR", CreatedAt = now };
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        return (user, payment, StarsPayload.For(payment.Id));
    }

    public long Pay(long telegramId, string payload, string chargeId, int amount = 150) =>
        Host.Send(Updates.SuccessfulPayment(telegramId, payload, amount, chargeId), BotKind.Client);

    public async Task<StarsReceipt> ReceiptAsync(string chargeId)
    {
        await using var db = Host.Db();
        return await db.StarsReceipts.AsNoTracking().SingleAsync(r => r.TelegramPaymentChargeId == chargeId);
    }

    public async Task<StarsReceipt> WaitForReceiptAsync(string chargeId, Func<StarsReceipt, bool> condition, string what)
    {
        StarsReceipt? last = null;
        await TestWait.UntilAsync(async () =>
        {
            await using var db = Host.Db();
            last = await db.StarsReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.TelegramPaymentChargeId == chargeId);
            return last is not null && condition(last);
        }, TimeSpan.FromSeconds(20), what);
        return last!;
    }

    /// <summary>The minute has passed: the receipt is due, and the Hangfire job's body runs once.</summary>
    public async Task RunRetryJobAsync()
    {
        await ExecuteAsync("UPDATE stars_receipts SET next_attempt_at = now() - interval '1 second'");
        await using var scope = Host.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StarsReceiptsJob>().RunAsync(CancellationToken.None);
    }

    /// <summary>Fault injection on the real database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var db = Host.Db();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>Every update to payments fails, as a database error in the middle of completing one would.</summary>
    public Task BreakPaymentUpdatesAsync() => ExecuteAsync("""
        CREATE FUNCTION fail_payment_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected: payments unavailable'; END $$;
        CREATE TRIGGER fail_payment_update BEFORE UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION fail_payment_update();
        """);

    public Task MendPaymentUpdatesAsync() => ExecuteAsync("DROP TRIGGER fail_payment_update ON payments; DROP FUNCTION fail_payment_update();");

    public Task<RecordedCall> WaitForAlertAsync(string chargeId) =>
        Telegram.WaitForCallAsync(c => c.Token == TestHost.AdminToken && c.ChatId == AdminBotHarness.AdminId && c.Method == "sendMessage"
            && c.Text!.Contains(chargeId, StringComparison.Ordinal), TimeSpan.FromSeconds(20));

    public int AlertsAbout(string chargeId) =>
        Telegram.CallsTo("sendMessage", AdminBotHarness.AdminId).Count(c => c.Token == TestHost.AdminToken && c.Text!.Contains(chargeId, StringComparison.Ordinal));

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => Admin.DisposeAsync();
}
