using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace VpnBot.Host.Backups;

/// <summary>One backup written: where, how big, how long it took.</summary>
public sealed record BackupResult(string Path, long Bytes, TimeSpan Duration)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>
/// pg_dump → encryption → Backups:Directory/vpnbot-{UTC time}.dump.enc, written to a temporary name and renamed
/// when complete (a crash never leaves a half file under a backup's name), then retention: the newest
/// Backups:Keep files of that name pattern stay; files it did not make are never touched.
/// </summary>
public sealed partial class BackupService(BackupOptions options, string connectionString, TimeProvider time)
{
    private readonly PostgresTools _tools = new(connectionString);

    public string Target => _tools.Describe();

    public async Task<BackupResult> CreateAsync(CancellationToken ct)
    {
        var key = options.Key ?? throw new BackupFailedException("Backups:EncryptionKey is not set: there is no key to encrypt the backup with.");
        var started = time.GetTimestamp();
        Directory.CreateDirectory(options.Directory);
        var name = "vpnbot-" + time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".dump.enc";
        var path = Path.Combine(options.Directory, name);
        var temp = Path.Combine(options.Directory, "." + name + ".partial");
        try
        {
            using var dump = StartTool(_tools.Dump());
            var errors = dump.StandardError.ReadToEndAsync(ct);
            await using (var file = CreatePrivate(temp))
            {
                await BackupCipher.EncryptAsync(dump.StandardOutput.BaseStream, file, key, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            await dump.WaitForExitAsync(ct);
            if (dump.ExitCode != 0) throw new BackupFailedException($"pg_dump failed (exit {dump.ExitCode}): {FirstLines(await errors)}");
            File.Move(temp, path);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        var result = new BackupResult(path, new FileInfo(path).Length, time.GetElapsedTime(started));
        ApplyRetention();
        return result;
    }

    /// <summary>The backups this service made, newest first.</summary>
    public IReadOnlyList<string> Existing() =>
        Directory.Exists(options.Directory)
            ? Directory.EnumerateFiles(options.Directory, "vpnbot-*.dump.enc").Where(f => OurName().IsMatch(Path.GetFileName(f)))
                .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal).ToList()
            : [];

    private void ApplyRetention()
    {
        foreach (var old in Existing().Skip(options.Keep)) File.Delete(old);
    }

    /// <summary>
    /// Decrypts and checks the whole file into a private temporary file first, so a wrong key or a damaged file is
    /// refused before the database is touched; then pg_restore in one transaction. An empty target (no tables outside
    /// the system schemas) is required unless <paramref name="force"/>, which drops and recreates what the dump holds.
    /// </summary>
    public async Task RestoreAsync(string file, bool force, CancellationToken ct)
    {
        var key = options.Key ?? throw new BackupFailedException("Backups:EncryptionKey is not set: there is no key to decrypt the backup with.");
        if (!File.Exists(file)) throw new BackupFailedException($"No backup file at {file}.");
        var plain = Path.Combine(Path.GetTempPath(), "vpnbot-restore-" + Guid.NewGuid().ToString("N") + ".dump");
        try
        {
            await using (var input = File.OpenRead(file))
            await using (var output = CreatePrivate(plain))
                await BackupCipher.DecryptAsync(input, output, key, ct);

            var tables = await UserTablesAsync(ct);
            if (tables > 0 && !force)
                throw new BackupRefusedException($"The {Target} is not empty ({tables} table(s)). Restore into an empty database, or add --force to replace what the backup holds.");
            using var restore = StartTool(_tools.Restore(plain, clean: force));
            var errors = restore.StandardError.ReadToEndAsync(ct);
            await restore.StandardOutput.ReadToEndAsync(ct);
            await restore.WaitForExitAsync(ct);
            if (restore.ExitCode != 0) throw new BackupFailedException($"pg_restore failed (exit {restore.ExitCode}), nothing was restored: {FirstLines(await errors)}");
        }
        finally
        {
            if (File.Exists(plain)) File.Delete(plain);
        }
    }

    private async Task<long> UserTablesAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A new file only its owner can read (0600): a backup and a decrypted dump hold every customer's data.</summary>
    private static FileStream CreatePrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(path, options);
    }

    private static Process StartTool(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new BackupFailedException($"{start.FileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackupFailedException($"{start.FileName} could not be run ({e.Message}); install the PostgreSQL client (apt-get install postgresql-client).");
        }
    }

    private static string FirstLines(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));

    [GeneratedRegex(@"^vpnbot-\d{8}T\d{6}Z\.dump\.enc$")]
    private static partial Regex OurName();
}

/// <summary>The backup or restore could not be done (a tool failed, no key, no file); the message says why in plain words.</summary>
public class BackupFailedException(string message) : Exception(message)
{
    public BackupFailedException() : this("The backup failed.") { }

    public BackupFailedException(string message, Exception inner) : this(message + " " + inner.Message) { }
}

/// <summary>The restore was refused because of the target (not empty without --force).</summary>
public sealed class BackupRefusedException(string message) : BackupFailedException(message)
{
    public BackupRefusedException() : this("The restore was refused.") { }

    public BackupRefusedException(string message, Exception inner) : this(message + " " + inner.Message) { }
}
