using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.TestKit.Telegram;

namespace VpnBot.Bench.Purchase;

/// <summary>
/// One customer walking the purchase the way a person does: send, wait for the bot's answer in this chat,
/// press the next button. Paying is what the customer and YooKassa do outside Telegram: open the pay link
/// (the order the host created at YooKassa), pay, and YooKassa POSTs payment.succeeded to the host.
/// </summary>
public sealed class SimulatedCustomer(PurchaseRun run, StepLatencies latencies, long userId)
{
    private const string BuyButton = "🛒 Купить / продлить";

    /// <summary>Walks to a delivered key; returns false (with the failure recorded) at the first step that goes wrong.</summary>
    public async Task<bool> WalkAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var step = Step.Start;
        try
        {
            await AskAsync(step, Updates.Text(userId, "/start", firstName: "Bench"), "sendMessage", ct);
            await AskAsync(step = Step.Plans, Updates.Text(userId, BuyButton, firstName: "Bench"), "sendMessage", ct);
            var shop = run.Shop;
            await AskAsync(step = Step.Location, Updates.Callback(userId, $"buy:p:{shop.PlanId}"), "editMessageText", ct);
            await AskAsync(step = Step.Method, Updates.Callback(userId, $"buy:s:{shop.PlanId}:{shop.ServerId}"), "editMessageText", ct);
            await AskAsync(step = Step.Checkout, Updates.Callback(userId, $"buy:m:{shop.PlanId}:{shop.ServerId}:{Shop.Method}"), "editMessageText", ct);
            step = Step.Webhook;
            var (key, notified) = await PayAsync(ct);
            step = Step.PaymentToKey;
            await key.WaitAsync(run.Options.KeyTimeout, ct);
            var delivered = Stopwatch.GetTimestamp();
            latencies.Record(Step.PaymentToKey, Stopwatch.GetElapsedTime(notified, delivered), delivered);
            latencies.Record(Step.Purchase, Stopwatch.GetElapsedTime(started, delivered), delivered);
            return true;
        }
        catch (Exception e)
        {
            // Any failure ends this customer's walk and is reported; the others go on.
            latencies.Fail(step, e.Message);
            return false;
        }
    }

    private async Task AskAsync(Step step, JsonObject update, string replyMethod, CancellationToken ct)
    {
        var reply = run.Replies.Expect(userId, replyMethod);
        var sent = Stopwatch.GetTimestamp();
        run.Telegram.EnqueueUpdate(run.Token, update);
        await reply.WaitAsync(run.Options.StepTimeout, ct);
        var answered = Stopwatch.GetTimestamp();
        latencies.Record(step, Stopwatch.GetElapsedTime(sent, answered), answered);
    }

    /// <summary>
    /// Pays at YooKassa and delivers YooKassa's notification; returns the armed wait for the key's QR photo and when
    /// the notification was sent (the key step's clock starts there).
    /// </summary>
    private async Task<(ChatReplies.ReplyWait Key, long Notified)> PayAsync(CancellationToken ct)
    {
        var yooId = await PaymentToPayAsync(ct);
        run.Shop.YooKassa.Succeed(yooId);
        var body = run.Shop.YooKassa.NotificationBody("payment.succeeded", yooId);

        var key = run.Replies.Expect(userId, "sendPhoto");
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await run.Http.PostAsync(run.WebhookUrl, new StringContent(body, Encoding.UTF8, "application/json"), ct);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"the payment notification got HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            var acknowledged = Stopwatch.GetTimestamp();
            latencies.Record(Step.Webhook, Stopwatch.GetElapsedTime(sent, acknowledged), acknowledged);
            return (key, sent);
        }
        catch
        {
            key.Cancel();
            throw;
        }
    }

    /// <summary>The YooKassa order behind the checkout's pay button, checked to be this customer's, for the plan's price.</summary>
    private async Task<string> PaymentToPayAsync(CancellationToken ct)
    {
        string? yooId;
        await using (var db = run.Database.CreateContext())
            yooId = await db.Payments.AsNoTracking()
                .Where(p => p.User!.TelegramId == userId && p.PaymentMethod == Shop.Method && p.Status == PaymentStatus.Pending)
                .Select(p => p.ExternalPaymentId).SingleOrDefaultAsync(ct);
        if (yooId is null) throw new InvalidOperationException("the checkout was shown but no pending YooKassa payment was recorded");
        var order = run.Shop.YooKassa.Payment(yooId);
        var buyer = (string?)order["metadata"]?["tg_user_id"];
        var amount = (string?)order["amount"]?["value"];
        if (buyer != userId.ToString(CultureInfo.InvariantCulture) || amount != "299.00")
            throw new InvalidOperationException($"the YooKassa order {yooId} is for user {buyer}, amount {amount}; expected {userId}, 299.00");
        return yooId;
    }
}
