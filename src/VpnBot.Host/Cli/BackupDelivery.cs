using VpnBot.Core;
using VpnBot.Host.Backups;
using VpnBot.Host.Bots.Admin;
using VpnBot.Host.Composition;
using VpnBot.Host.Telegram;

namespace VpnBot.Host.Cli;

/// <summary>
/// The backup verb sends its file through the admin bot exactly as the daily job does: the same registrations
/// (data, Core, Telegram plumbing, admin bot), built into a container that is resolved from and never started.
/// </summary>
public static class BackupDelivery
{
    public static async Task<string> SendFromCommandLineAsync(IConfiguration config, BackupResult result, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(config["Bots:Admin:Token"])) return "Not sent to the admins: Bots:Admin:Token is not set.";
        var services = new ServiceCollection();
        services.AddSingleton(config);
        services.AddLogging();
        services.AddVpnBotData(config).AddCoreServices(config).AddTelegramPlumbing(config).AddAdminBot().AddBackups(config);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var reached = await scope.ServiceProvider.GetRequiredService<IBackupReports>().DoneAsync(result, attachFile: true, ct);
        var note = result.Bytes < BackupOptions.TelegramDocumentLimit ? "" : " (the file itself is over Telegram's 50 MB: only the report)";
        return $"Sent to {reached} admin(s){note}.";
    }
}
