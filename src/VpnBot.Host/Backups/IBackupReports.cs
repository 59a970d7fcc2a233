namespace VpnBot.Host.Backups;

/// <summary>
/// Tells the admins how a backup went: started, done (with the file as a document when asked and small enough for
/// Telegram), failed (with the reason in plain words). Implemented by the admin bot.
/// </summary>
public interface IBackupReports
{
    Task StartedAsync(string target, CancellationToken ct);

    /// <summary>Returns how many admins got the report.</summary>
    Task<int> DoneAsync(BackupResult result, bool attachFile, CancellationToken ct);

    Task FailedAsync(string reason, CancellationToken ct);
}
