using System.Globalization;
using System.Net;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using VpnBot.Core.Operations;
using VpnBot.Host.Backups;
using VpnBot.Host.Configuration;
using VpnBot.Host.Telegram;

namespace VpnBot.Host.Bots.Admin.Alerts;

/// <summary>
/// Backup progress through the admin bot, to the same admins as the other operator alerts, in their language. The
/// file is uploaded once and sent to the other admins by its Telegram file id.
/// </summary>
public sealed class BackupAlerts(OperatorAlertFacts facts, BotClients bots, BotTexts texts, AdminIds configured, ILogger<BackupAlerts> log) : IBackupReports
{
    public async Task StartedAsync(string target, CancellationToken ct) =>
        await SendAsync(c => Get(c, "BackupStarted", WebUtility.HtmlEncode(target)), null, ct);

    public Task<int> DoneAsync(BackupResult result, bool attachFile, CancellationToken ct)
    {
        var seconds = result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var size = Cli.BackupCommands.Size(result.Bytes);
        var fits = result.Bytes < BackupOptions.TelegramDocumentLimit;
        return SendAsync(c =>
        {
            var text = Get(c, "BackupDone", WebUtility.HtmlEncode(result.FileName), size, seconds);
            return attachFile && !fits ? text + "\n" + Get(c, "BackupTooLargeToSend", WebUtility.HtmlEncode(result.Path)) : text;
        }, attachFile && fits ? result : null, ct);
    }

    public async Task FailedAsync(string reason, CancellationToken ct) =>
        await SendAsync(c => Get(c, "BackupFailed", WebUtility.HtmlEncode(reason)), null, ct);

    private async Task<int> SendAsync(Func<CultureInfo, string> render, BackupResult? file, CancellationToken ct)
    {
        if (!bots.TryGet(BotKind.Admin, out var bot))
        {
            log.LogWarning("No admin bot: the backup report was not sent");
            return 0;
        }
        var ids = configured.Ids.ToList();
        var admins = await facts.AdminsAsync(ids, ct);
        var recipients = admins.Select(a => (a.TelegramId, Culture: CultureInfo.GetCultureInfo(a.UiCulture)))
            .Concat(ids.Where(id => admins.All(a => a.TelegramId != id)).Select(id => (TelegramId: id, Culture: BotTexts.Ru)));
        string? uploaded = null;
        var reached = 0;
        foreach (var (telegramId, culture) in recipients)
        {
            try
            {
                if (file is null) await bot.SendMessage(telegramId, render(culture), parseMode: ParseMode.Html, cancellationToken: ct);
                else if (uploaded is not null) await bot.SendDocument(telegramId, InputFile.FromFileId(uploaded), caption: render(culture), parseMode: ParseMode.Html, cancellationToken: ct);
                else
                {
                    await using var stream = System.IO.File.OpenRead(file.Path);
                    var sent = await bot.SendDocument(telegramId, InputFile.FromStream(stream, file.FileName), caption: render(culture), parseMode: ParseMode.Html, cancellationToken: ct);
                    uploaded = sent.Document?.FileId;
                }
                reached++;
            }
            catch (ApiRequestException e)
            {
                log.LogWarning("The backup report did not reach admin {TelegramId}: {Reason}", telegramId, e.Message);
            }
        }
        return reached;
    }

    private string Get(CultureInfo culture, string key, params object?[] args) => texts.Get(BotKind.Admin, culture, key, args);
}
