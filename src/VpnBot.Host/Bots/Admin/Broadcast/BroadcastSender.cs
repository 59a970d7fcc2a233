using System.Globalization;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using VpnBot.Core.Users;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Throttling;

namespace VpnBot.Host.Bots.Admin.Broadcast;

/// <summary>
/// Sends broadcasts through the client bot under the shared notification pace (so payment notices still get
/// through), marks customers who blocked the bot inactive (403), and tells the admin the counts. Progress is
/// stored after every recipient: at start-up the broadcasts a restart interrupted are resumed where they
/// stopped, before new ones.
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
            List<Core.Users.Broadcast> unfinished;
            await using (var scope = scopes.CreateAsyncScope())
                unfinished = await scope.ServiceProvider.GetRequiredService<BroadcastService>().UnfinishedAsync(stoppingToken);
            foreach (var broadcast in unfinished)
            {
                log.LogInformation("Resuming broadcast {BroadcastId} after user {UserId}", broadcast.Id, broadcast.ResumeAfterUserId);
                await RunSafelyAsync(broadcast.Id, stoppingToken);
            }
            await foreach (var broadcastId in queue.ReadAllAsync(stoppingToken))
                await RunSafelyAsync(broadcastId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: the broadcast's row keeps its position, and the next start resumes it
        }
    }

    private async Task RunSafelyAsync(long broadcastId, CancellationToken ct)
    {
        try
        {
            await RunAsync(broadcastId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Broadcast {BroadcastId} failed", broadcastId);
        }
    }

    private async Task RunAsync(long broadcastId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var broadcasts = scope.ServiceProvider.GetRequiredService<BroadcastService>();
        if (await broadcasts.FindAsync(broadcastId, ct) is not { FinishedAt: null } broadcast) return; // finished already (resumed, then queued)
        if (bots.TryGet(BotKind.Client, out var client))
        {
            var after = broadcast.ResumeAfterUserId;
            while (await broadcasts.RecipientsAfterAsync(after, Batch, ct) is { Count: > 0 } batch)
            {
                foreach (var recipient in batch)
                {
                    var delivery = await SendAsync(client, broadcast, recipient, ct);
                    await broadcasts.RecordAsync(broadcast.Id, recipient.UserId, delivery, ct);
                }
                after = batch[^1].UserId;
            }
        }
        else
        {
            log.LogWarning("Broadcast {BroadcastId} not sent: the client bot is disabled", broadcast.Id);
        }
        var report = await broadcasts.FinishAsync(broadcast.Id, ct);
        log.LogInformation("Broadcast {BroadcastId} done: {Sent} sent, {Failed} failed, {Blocked} blocked", broadcast.Id, report.Sent, report.Failed, report.Blocked);
        await ReportAsync(broadcast, report, ct);
    }

    private async Task<BroadcastDelivery> SendAsync(ITelegramBotClient client, Core.Users.Broadcast broadcast, BroadcastRecipient recipient, CancellationToken ct)
    {
        using var lease = await pace.WaitAsync(1, ct);
        try
        {
            await client.SendMessage(recipient.TelegramId, broadcast.Text, cancellationToken: ct);
            return BroadcastDelivery.Sent;
        }
        catch (ApiRequestException e) when (e.ErrorCode == 403)
        {
            await users.MarkInactiveAsync(recipient.TelegramId, ct);
            return BroadcastDelivery.Blocked;
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            log.LogWarning("Broadcast {BroadcastId} to {TelegramId} failed: {Reason}", broadcast.Id, recipient.TelegramId, e.Message);
            return BroadcastDelivery.Failed;
        }
    }

    private async Task ReportAsync(Core.Users.Broadcast broadcast, BroadcastReport report, CancellationToken ct)
    {
        if (!bots.TryGet(BotKind.Admin, out var admin)) return;
        var text = texts.Get(BotKind.Admin, CultureInfo.GetCultureInfo(broadcast.ReportCulture), "BroadcastDone", report.Sent, report.Failed, report.Blocked);
        try
        {
            await admin.SendMessage(broadcast.ReportChatId, text, cancellationToken: ct);
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            log.LogWarning("Could not report broadcast {BroadcastId} to the admin: {Reason}", broadcast.Id, e.Message);
        }
    }
}
