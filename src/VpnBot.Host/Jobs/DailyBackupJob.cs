using Hangfire;
using VpnBot.Host.Backups;

namespace VpnBot.Host.Jobs;

/// <summary>
/// Daily at Backups:DailyAtUtc: the same backup as the backup verb, with the admins told it started, that it is done
/// (size, time, the file itself when Backups:SendToAdmins and under Telegram's 50 MB) or why it failed.
/// Not retried by Hangfire: a failure is reported once and the next day's run tries again.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class DailyBackupJob(BackupService backups, BackupOptions options, IBackupReports reports, ILogger<DailyBackupJob> log)
{
    public const string Id = "daily-backup";

    public async Task RunAsync(CancellationToken ct)
    {
        await reports.StartedAsync(backups.Target, ct);
        BackupResult result;
        try
        {
            result = await backups.CreateAsync(ct);
        }
        catch (Exception e) when (e is BackupFailedException or IOException or UnauthorizedAccessException)
        {
            log.LogError("The daily backup failed: {Reason}", e.Message);
            await reports.FailedAsync(e.Message, ct);
            throw;
        }
        log.LogInformation("Daily backup {File}: {Bytes} bytes in {Seconds:0.0} s", result.FileName, result.Bytes, result.Duration.TotalSeconds);
        await reports.DoneAsync(result, options.SendToAdmins, ct);
    }
}
