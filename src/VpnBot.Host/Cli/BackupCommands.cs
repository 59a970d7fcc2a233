using System.Globalization;
using VpnBot.Host.Backups;

namespace VpnBot.Host.Cli;

/// <summary>backup and restore: the same <see cref="BackupService"/> the daily job runs.</summary>
public static class BackupCommands
{
    public static async Task<int> BackupAsync(IConfiguration config, string connection, CliArgs args, TextWriter output)
    {
        var directory = args.Optional("dir");
        var keep = args.OptionalInt("keep", min: 1);
        var noSend = args.Flag("no-send");
        args.RejectUnknown();
        if (args.Positional.Count > 0) throw new CliUsageException("backup takes no file name: it names the file by the time (see --dir).");
        var options = Options(config);
        options = options with { Directory = directory is null ? options.Directory : Path.GetFullPath(directory), Keep = keep ?? options.Keep };
        if (!options.Enabled) throw new CliUsageException("Backups:EncryptionKey is not set (env Backups__EncryptionKey; make one with: openssl rand -base64 32).");

        var service = new BackupService(options, connection, TimeProvider.System);
        await output.WriteLineAsync($"Backing up the {service.Target} to {options.Directory} ...");
        var result = await service.CreateAsync(CancellationToken.None);
        await output.WriteLineAsync($"Wrote {result.Path} ({Size(result.Bytes)}) in {result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s; keeping the newest {options.Keep}.");
        if (options.SendToAdmins && !noSend)
            await output.WriteLineAsync(await BackupDelivery.SendFromCommandLineAsync(config, result, CancellationToken.None));
        return 0;
    }

    public static async Task<int> RestoreAsync(IConfiguration config, string connection, CliArgs args, TextWriter output)
    {
        var force = args.Flag("force");
        args.RejectUnknown();
        if (args.Positional.Count != 1) throw new CliUsageException("restore takes one backup file, e.g. restore backups/vpnbot-20261204T183000Z.dump.enc [--force].");
        var options = Options(config);
        if (!options.Enabled) throw new CliUsageException("Backups:EncryptionKey is not set (env Backups__EncryptionKey): the key the backup was made with is needed.");
        var service = new BackupService(options, connection, TimeProvider.System);
        await output.WriteLineAsync($"Checking {args.Positional[0]} and restoring it into the {service.Target} ...");
        await service.RestoreAsync(args.Positional[0], force, CancellationToken.None);
        await output.WriteLineAsync("Restored. Run migrate if this version of VpnBot is newer than the backup.");
        return 0;
    }

    private static BackupOptions Options(IConfiguration config) =>
        BackupOptions.FindProblem(config) is { } problem ? throw new CliUsageException(problem) : BackupOptions.From(config);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };
}
