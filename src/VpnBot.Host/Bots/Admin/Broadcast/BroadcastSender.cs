using System.Globalization;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using VpnBot.Core.Users;
using VpnBot.Host.Bots.Client.Delivery;
using VpnBot.Host.Telegram;

namespace VpnBot.Host.Bots.Admin.Broadcast;

/// <summary>
/// Sends queued broadcasts through the client bot under the shared notification pace (so payment notices
/// still get through), marks customers who blocked the bot inactive (403), and tells the admin the counts.
/// </summary>
public sealed class BroadcastSender(
    BroadcastQueue queue, IServiceScopeFactory scopes, BotClients bots, NotificationPace pace, UserRegistry users, BotTexts texts,
    ILogger<BroadcastSender> log) : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await RunAsync(job, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Broadcast {BroadcastId} failed", job.BroadcastId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down; a broadcast cut short is reported in the log below
        }
    }

    private async Task RunAsync(BroadcastJob job, CancellationToken ct)
    {
        int sent = 0, failed = 0, blocked = 0;
        if (bots.TryGet(BotKind.Client, out var client))
        {
            long after = 0;
            while (true)
            {
                IReadOnlyList<BroadcastRecipient> batch;
                await using (var scope = scopes.CreateAsyncScope())
                    batch = await scope.ServiceProvider.GetRequiredService<BroadcastService>().RecipientsAfterAsync(after, Batch, ct);
                if (batch.Count == 0) break;
                foreach (var recipient in batch)
                {
                    using var lease = await pace.WaitAsync(1, ct);
                    try
                    {
                        await client.SendMessage(recipient.TelegramId, job.Text, cancellationToken: ct);
                        sent++;
                    }
                    catch (ApiRequestException e) when (e.ErrorCode == 403)
                    {
                        blocked++;
                        await users.MarkInactiveAsync(recipient.TelegramId, ct);
                    }
                    catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
                    {
                        failed++;
                        log.LogWarning("Broadcast {BroadcastId} to {TelegramId} failed: {Reason}", job.BroadcastId, recipient.TelegramId, e.Message);
                    }
                }
                after = batch[^1].UserId;
            }
        }
        else
        {
            log.LogWarning("Broadcast {BroadcastId} not sent: the client bot is disabled", job.BroadcastId);
        }
        var report = new BroadcastReport(sent, failed, blocked);
        log.LogInformation("Broadcast {BroadcastId} done: {Sent} sent, {Failed} failed, {Blocked} blocked", job.BroadcastId, sent, failed, blocked);
        await using (var scope = scopes.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<BroadcastService>().FinishAsync(job.ActorTelegramId, job.BroadcastId, report, ct);
        await ReportAsync(job, report, ct);
    }

    private async Task ReportAsync(BroadcastJob job, BroadcastReport report, CancellationToken ct)
    {
        if (!bots.TryGet(BotKind.Admin, out var admin)) return;
        var text = texts.Get(BotKind.Admin, CultureInfo.GetCultureInfo(job.ReportCulture), "BroadcastDone", report.Sent, report.Failed, report.Blocked);
        try
        {
            await admin.SendMessage(job.ReportChatId, text, cancellationToken: ct);
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            log.LogWarning("Could not report broadcast {BroadcastId} to the admin: {Reason}", job.BroadcastId, e.Message);
        }
    }
}
