using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Serilog.Events;
using VpnBot.Core;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Host.Telegram;
using VpnBot.IntegrationTests.Bots.Client;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;
using Xunit.Abstractions;

namespace VpnBot.IntegrationTests.Host;

/// <summary>
/// Thousands of random and hostile updates into all three bots of a stocked shop: every update is handled or
/// deliberately skipped, nobody changes what is not theirs, and the host still serves afterwards.
/// The seed is printed; VPNBOT_FUZZ_SEED replays a run, VPNBOT_FUZZ_UPDATES changes its size.
/// </summary>
public class UpdateFuzzTests(ITestOutputHelper output)
{
    private const int Lanes = 8;

    [Fact]
    public async Task Random_and_hostile_updates_change_nothing_that_is_not_the_senders_and_leave_every_bot_serving()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("VPNBOT_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        var count = int.TryParse(Environment.GetEnvironmentVariable("VPNBOT_FUZZ_UPDATES"), CultureInfo.InvariantCulture, out var n) ? n : 3000;
        output.WriteLine($"fuzz seed {seed} (VPNBOT_FUZZ_SEED={seed} replays it), {count} updates");

        await using var shop = await ShopFixture.StartAsync(c =>
        {
            c["Admins:TelegramIds"] = UpdateFuzzer.AdminId.ToString(CultureInfo.InvariantCulture);
            c["Support:GroupChatId"] = UpdateFuzzer.StaffGroup.ToString(CultureInfo.InvariantCulture);
            c["Telegram:MaxConcurrency"] = Lanes.ToString(CultureInfo.InvariantCulture);
        });
        var host = shop.Host;
        var targets = await SeedAsync(shop);
        var before = await ShopSnapshot.TakeAsync(host, targets.SenderIds);

        var fuzzer = new UpdateFuzzer(new Random(seed), targets);
        var skippedOnPurpose = 0;
        for (var i = 0; i < count; i++)
        {
            var (bot, update) = fuzzer.Next();
            var token = host.TokenOf(bot);
            if (update.Json is { } json) host.Telegram.EnqueueUpdate(token, json);
            else { host.Telegram.EnqueueRawUpdate(token, update.Raw!); skippedOnPurpose += update.Undecodable ? 1 : 0; }
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await DrainAsync(host, targets);
        output.WriteLine($"drained in {clock.Elapsed.TotalSeconds:F1} s, {host.Telegram.Calls.Count} Bot API calls");

        var errors = host.Logs.Events.Where(e => e.Level >= LogEventLevel.Error).ToList();
        // Expected errors: the updates made undecodable on purpose, and the operator alerts for forged Stars payments
        // (Telegram only sends successful_payment after real money moved, so one matching no order must reach an admin).
        static bool Undecodable(LogEvent e) => e.MessageTemplate.Text.StartsWith("Skipped update", StringComparison.Ordinal)
            && e.MessageTemplate.Text.Contains("cannot be read", StringComparison.Ordinal);
        static bool StarsAlert(LogEvent e) => e.MessageTemplate.Text.StartsWith("Stars payment", StringComparison.Ordinal);
        var unexpected = errors.Where(e => !Undecodable(e) && !StarsAlert(e)).ToList();
        foreach (var e in unexpected.Take(10)) output.WriteLine($"{e.RenderMessage(CultureInfo.InvariantCulture)}\n{e.Exception}");
        Assert.Empty(unexpected);
        // At least those made undecodable on purpose; a mangled update missing what Telegram always sends is skipped too.
        Assert.True(errors.Count(Undecodable) >= skippedOnPurpose, $"{errors.Count(Undecodable)} skipped, {skippedOnPurpose} undecodable on purpose");

        var after = await ShopSnapshot.TakeAsync(host, targets.SenderIds);
        before.AssertOnlySendersChanged(after, targets.SenderIds);

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{host.BaseUrl}/health/ready")).StatusCode);
        var fresh = UpdateFuzzer.FreshId(0, Lanes);
        host.Send(Updates.Text(fresh, "/start"));
        await host.Telegram.WaitForCallAsync(c => c.Token == TestHost.ClientToken && c.Method == "sendMessage" && c.ChatId == fresh, TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Chats hash onto the dispatcher's lanes and each lane runs in order, so a /start answered in a chat of every
    /// lane of every bot means every fuzz update queued before it has been handled: no sleeping, no guessing.
    /// </summary>
    private static async Task DrainAsync(TestHost host, FuzzTargets targets)
    {
        var markers = new List<(string Token, long Chat)>();
        foreach (var bot in new[] { BotKind.Client, BotKind.Support, BotKind.Admin })
            for (var lane = 0; lane < Lanes; lane++)
            {
                var id = UpdateFuzzer.FreshId(lane, Lanes);
                targets.SenderIds.Add(id);
                host.Send(Updates.Text(id, "/start"), bot);
                markers.Add((host.TokenOf(bot), id));
            }
        foreach (var (token, chat) in markers)
        {
            try { await host.Telegram.WaitForCallAsync(c => c.Token == token && c.Method == "sendMessage" && c.ChatId == chat, TimeSpan.FromSeconds(60)); }
            catch (TimeoutException)
            {
                var pending = string.Join(", ", new[] { BotKind.Client, BotKind.Support, BotKind.Admin }.Select(b => $"{b}={host.Telegram.PendingUpdates(host.TokenOf(b))}"));
                var logged = string.Join("\n", host.Logs.Events.Where(e => e.Level >= LogEventLevel.Warning).TakeLast(8).Select(e => $"{e.RenderMessage(CultureInfo.InvariantCulture)} {e.Exception}"));
                var last = string.Join("\n", host.Telegram.Calls.Where(c => c.Token == token).TakeLast(6).Select(c => $"{c.At:HH:mm:ss.fff} {c.Method} {c.Parameters.ToJsonString()[..Math.Min(200, c.Parameters.ToJsonString().Length)]}"));
                throw new TimeoutException($"The /start in chat {chat} of bot {token[..7]} was not answered at {DateTimeOffset.UtcNow:HH:mm:ss}; pending {pending}\n{logged}\n{last}");
            }
        }
        foreach (var bot in new[] { BotKind.Client, BotKind.Support, BotKind.Admin })
            Assert.Equal(0, host.Telegram.PendingUpdates(host.TokenOf(bot)));
    }

    private static async Task<FuzzTargets> SeedAsync(ShopFixture shop)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = shop.Host.Db();
        User NewUser(long id, UserRole role = UserRole.Client) => new()
        {
            TelegramId = id, FirstName = "Seed", LanguageCode = "ru", Role = role, IsActive = true, CreatedAt = now, UpdatedAt = now, LastActivityAt = now,
        };
        var admin = NewUser(UpdateFuzzer.AdminId, UserRole.Admin);
        var customer = NewUser(UpdateFuzzer.CustomerId);
        var other = NewUser(UpdateFuzzer.OtherId);
        db.Users.AddRange(admin, customer, other);
        await db.SaveChangesAsync();

        var subscription = new Subscription
        {
            UserId = customer.Id, ServerId = shop.Server.Id, PlanId = shop.Plan.Id, Status = SubscriptionStatus.Active, StartedAt = now.AddDays(-3),
            ExpiresAt = now.AddDays(27), ActiveProtocol = VpnProtocol.Vless, DeviceLimit = 3, CreatedAt = now, UpdatedAt = now,
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync();
        var config = new VpnConfig
        {
            SubscriptionId = subscription.Id, ServerId = shop.Server.Id, Protocol = VpnProtocol.Vless, ExternalName = "tg_fuzz_customer",
            ConnectionString = "vless://seed@de1.example.com:443", CreatedAt = now, UpdatedAt = now,
        };
        db.VpnConfigs.Add(config);
        var pendingStars = db.AddPaymentRow(new Payment
        {
            UserId = customer.Id, PlanId = shop.Plan.Id, ServerId = shop.Server.Id, PaymentMethod = "stars", Amount = 150m, Currency = "XTR", CreatedAt = now,
        });
        var pendingOther = db.AddPaymentRow(new Payment
        {
            UserId = other.Id, PlanId = shop.Plan.Id, ServerId = shop.Server.Id, PaymentMethod = "yookassa", Amount = 299m, Currency = "RUB", CreatedAt = now,
        }, externalId: "yk-fuzz-other");
        await db.SaveChangesAsync();

        return new FuzzTargets(
            UserIds: [admin.Id, customer.Id, other.Id],
            PaymentIds: [pendingStars.Id, pendingOther.Id],
            SubscriptionIds: [subscription.Id],
            ConfigIds: [config.Id],
            PlanIds: [shop.Plan.Id],
            ServerIds: [shop.Server.Id]);
    }
}
