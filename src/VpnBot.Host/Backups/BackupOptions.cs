using System.Globalization;
using VpnBot.Core.Security;

namespace VpnBot.Host.Backups;

/// <summary>
/// Backups:* settings. The key is its own: a dump holds the server secrets encrypted under
/// Security:EncryptionKey, so encrypting the dump with that same key would put both locks on one key.
/// </summary>
public sealed record BackupOptions(byte[]? Key, string Directory, int Keep, bool SendToAdmins, TimeOnly DailyAtUtc)
{
    public const string Section = "Backups";

    /// <summary>Telegram refuses documents a bot uploads above 50 MB.</summary>
    public const long TelegramDocumentLimit = 50L * 1024 * 1024;

    public bool Enabled => Key is not null;

    /// <summary>The Hangfire cron expression (UTC) for the daily backup.</summary>
    public string DailyCron => string.Create(CultureInfo.InvariantCulture, $"{DailyAtUtc.Minute} {DailyAtUtc.Hour} * * *");

    /// <summary>The options, or the one line that says which key is wrong (start-up and the verbs print it).</summary>
    public static BackupOptions From(IConfiguration config) =>
        TryRead(config, out var options, out var problem) ? options : throw new InvalidOperationException(problem);

    public static string? FindProblem(IConfiguration config) => TryRead(config, out _, out var problem) ? null : problem;

    private static bool TryRead(IConfiguration config, out BackupOptions options, out string problem)
    {
        options = null!;
        problem = "";
        var section = config.GetSection(Section);
        byte[]? key = null;
        var keyText = section["EncryptionKey"];
        if (!string.IsNullOrWhiteSpace(keyText))
        {
            if (!SecretProtector.TryParseKey(keyText, out var parsed))
                return Fail(out problem, "Backups:EncryptionKey is not 32 bytes of base64 (make one with: openssl rand -base64 32).");
            if (string.Equals(keyText.Trim(), config["Security:EncryptionKey"]?.Trim(), StringComparison.Ordinal)
                || (SecretProtector.TryParseKey(config["Security:EncryptionKey"], out var secrets) && secrets.AsSpan().SequenceEqual(parsed)))
                return Fail(out problem, "Backups:EncryptionKey must not be the same as Security:EncryptionKey: a backup holds the secrets that key protects. Make a separate one with: openssl rand -base64 32.");
            key = parsed;
        }
        var keep = 14;
        if (section["Keep"] is { Length: > 0 } keepText && (!int.TryParse(keepText, NumberStyles.None, CultureInfo.InvariantCulture, out keep) || keep < 1))
            return Fail(out problem, "Backups:Keep must be a whole number of files, 1 or more.");
        var at = new TimeOnly(3, 30);
        if (section["DailyAtUtc"] is { Length: > 0 } atText && !TimeOnly.TryParseExact(atText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
            return Fail(out problem, "Backups:DailyAtUtc must be a UTC time like 03:30.");
        var send = true;
        if (section["SendToAdmins"] is { Length: > 0 } sendText && !bool.TryParse(sendText, out send))
            return Fail(out problem, "Backups:SendToAdmins must be true or false.");
        var directory = section["Directory"] is { Length: > 0 } dir ? dir : "backups";
        options = new BackupOptions(key, Path.GetFullPath(directory), keep, send, at);
        return true;
    }

    private static bool Fail(out string problem, string text)
    {
        problem = text;
        return false;
    }
}
