using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Serilog.Events;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Host;

/// <summary>
/// An update nobody can decode (here a lone UTF-16 surrogate escape, which System.Text.Json refuses to
/// turn into a string) must cost one update, not the bot: it is logged with its id and skipped.
/// </summary>
public class PoisonUpdateTests
{
    private static string PoisonText(long userId, long updateId) =>
        $$$"""{"update_id":{{{updateId}}},"message":{"message_id":5,"date":1700000000,"chat":{"id":{{{userId}}},"type":"private","first_name":"Ann"},"from":{"id":{{{userId}}},"is_bot":false,"first_name":"Ann","language_code":"ru"},"text":"bad \ud800 text"}}""";

    [Fact]
    public async Task A_poison_update_when_polling_is_skipped_and_the_next_one_is_answered()
    {
        await using var host = await TestHost.StartAsync();
        var userId = TestHost.NewUserId();
        var poisonId = host.Telegram.EnqueueRawUpdate(TestHost.ClientToken, id => PoisonText(userId, id));
        host.Send(Updates.Text(userId, "/help"));

        await host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Что умеет", StringComparison.Ordinal));
        var skipped = Assert.Single(host.Logs.Events, e => e.Level == LogEventLevel.Error && e.MessageTemplate.Text.StartsWith("Skipped update", StringComparison.Ordinal));
        Assert.Equal(poisonId.ToString(System.Globalization.CultureInfo.InvariantCulture), skipped.Properties["UpdateId"].ToString());
        await TestWait.UntilAsync(() => Task.FromResult(host.Telegram.PendingUpdates(TestHost.ClientToken) == 0), what: "the offset moved past the poison update");
    }

    [Fact]
    public async Task A_poison_update_by_webhook_is_acknowledged_and_logged_and_bad_json_is_refused()
    {
        const string secret = "s3cret_Token-for-tests";
        await using var host = await TestHost.StartAsync(c =>
        {
            c["Telegram:Mode"] = "Webhook";
            c["Telegram:WebhookBaseUrl"] = "https://bot.example.com/";
            c["Telegram:WebhookSecret"] = secret;
        });
        using var http = new HttpClient();
        var userId = TestHost.NewUserId();
        Task<HttpResponseMessage> Post(string json)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{host.BaseUrl}/webhooks/telegram/client")
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
            return http.SendAsync(request);
        }

        // Telegram retries anything but a 2xx: a poison update must be acknowledged or it comes back forever.
        Assert.Equal(HttpStatusCode.OK, (await Post(PoisonText(userId, 501))).StatusCode);
        Assert.Contains(host.Logs.Events, e => e.Level == LogEventLevel.Error && e.MessageTemplate.Text.StartsWith("Skipped update", StringComparison.Ordinal)
            && e.Properties["UpdateId"].ToString() == "501");
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("[1,2]")).StatusCode);

        var next = Updates.Text(userId, "/help");
        next["update_id"] = 502;
        Assert.Equal(HttpStatusCode.OK, (await Post(next.ToJsonString())).StatusCode);
        await host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Что умеет", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_payment_update_the_database_refuses_does_not_hold_the_bot_and_a_NUL_is_cleaned_before_it_is_saved()
    {
        await using var host = await TestHost.StartAsync();
        var userId = TestHost.NewUserId();
        // A charge id far longer than Telegram's: the receipts table refuses it, and would on every redelivery.
        host.Send(Updates.SuccessfulPayment(userId, "vpnbot:1", 150, new string('c', 5_000)));
        host.Send(Updates.SuccessfulPayment(userId, "vpnbot:\0", 150, "charge-nul"));
        host.Send(Updates.Text(userId, "/help"));

        await host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("Что умеет", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Events, e => e.Level == LogEventLevel.Error && e.MessageTemplate.Text.Contains("cannot be stored", StringComparison.Ordinal));
        await using var db = host.Db();
        Assert.Equal("vpnbot:", (await db.StarsReceipts.SingleAsync(r => r.TelegramPaymentChargeId == "charge-nul")).InvoicePayload);
        Assert.Equal(1, await db.StarsReceipts.CountAsync());
    }
}
