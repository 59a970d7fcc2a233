using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using VpnBot.Host.Configuration;

namespace VpnBot.Host.Telegram.Hosting;

/// <summary>
/// Feeds one bot's updates into its dispatcher: long polling by default, or registers the
/// webhook (updates then arrive at /webhooks/telegram/{bot}). The poll loop never waits for
/// handlers, so a slow chat does not hold up the others; errors back off and the loop goes on.
/// </summary>
public sealed class BotReceiverService(
    BotKind bot, BotClients clients, BotDispatchers dispatchers, UpdateInboxes inboxes, IOptions<TelegramOptions> options, ILogger<BotReceiverService> log)
    : BackgroundService
{
    public static readonly UpdateType[] AllowedUpdates =
        [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.PreCheckoutQuery, UpdateType.MyChatMember, UpdateType.EditedMessage];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!clients.TryGet(bot, out var client) || !dispatchers.TryGet(bot, out var dispatcher))
        {
            log.LogWarning("The {Bot} bot is disabled: no token configured (Bots:{Bot}:Token)", bot.ToString(), bot.ToString());
            return;
        }
        var o = options.Value;
        if (o.Mode == TelegramMode.Webhook)
        {
            await RegisterWebhookAsync(client, o, stoppingToken);
            return;
        }

        log.LogInformation("The {Bot} bot is receiving updates by long polling", bot.ToString());
        await DeleteWebhookAsync(client, stoppingToken);
        int? offset = null;
        var failures = 0;
        var unsaved = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batch = await UpdateBatchReader.ReadAsync(client, offset, o.PollingTimeoutSeconds, AllowedUpdates, log, bot.ToString(), stoppingToken);
                failures = 0;
                var next = batch.NextOffset;
                foreach (var update in batch.Updates)
                {
                    // The next getUpdates with a higher offset acknowledges the update, so what must not be lost is
                    // saved first; when that fails the offset stays here and Telegram hands the update out again.
                    if (!await inboxes.SaveAsync(bot, update, stoppingToken))
                    {
                        next = update.Id;
                        await Task.Delay(Backoff(++unsaved, null), stoppingToken);
                        break;
                    }
                    unsaved = 0;
                    await dispatcher.EnqueueAsync(update, stoppingToken);
                }
                offset = next;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is RequestException or HttpRequestException or TaskCanceledException)
            {
                failures++;
                var delay = Backoff(failures, e);
                log.LogWarning("getUpdates failed for the {Bot} bot ({Reason}); retrying in {Delay}", bot, e.Message, delay);
                try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { break; }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await dispatchers.DrainAsync(bot);
    }

    private static TimeSpan Backoff(int failures, Exception? e)
    {
        if (e is ApiRequestException { Parameters.RetryAfter: { } retryAfter }) return TimeSpan.FromSeconds(retryAfter);
        var seconds = Math.Min(30, Math.Pow(2, Math.Min(failures, 5)) * 0.5);
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    private async Task DeleteWebhookAsync(ITelegramBotClient client, CancellationToken ct)
    {
        try { await client.DeleteWebhook(cancellationToken: ct); }
        catch (Exception e) when (e is RequestException or HttpRequestException)
        {
            log.LogWarning("deleteWebhook failed for the {Bot} bot: {Reason}", bot, e.Message);
        }
    }

    private async Task RegisterWebhookAsync(ITelegramBotClient client, TelegramOptions o, CancellationToken ct)
    {
        var url = $"{o.WebhookBaseUrl!.TrimEnd('/')}/webhooks/telegram/{bot.Slug()}";
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                await client.SetWebhook(url, allowedUpdates: AllowedUpdates, secretToken: o.WebhookSecret, maxConnections: 40, cancellationToken: ct);
                log.LogInformation("The {Bot} bot receives updates by webhook at {Url}", bot, url);
                return;
            }
            catch (Exception e) when (e is RequestException or HttpRequestException)
            {
                var delay = Backoff(attempt, e);
                log.LogWarning("setWebhook failed for the {Bot} bot ({Reason}); retrying in {Delay}", bot, e.Message, delay);
                try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
