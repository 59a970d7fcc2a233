using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VpnBot.Core.Security;
using VpnBot.Host.Backups;
using VpnBot.Host.Jobs;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Time;

namespace VpnBot.IntegrationTests.Backups;

/// <summary>The daily job through the real host and admin bot on the fake Bot API, and retention.</summary>
public class DailyBackupJobTests : IAsyncLifetime
{
    private const long FirstAdmin = 900_000_101;
    private const long SecondAdmin = 900_000_102;
    private const string Password = "job-pw-Kx81-not-in-logs";
    private BackupShop _shop = null!;
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _shop = await BackupShop.StartAsync();
        _db = await TestDatabase.CreateAsync();
        await _shop.SeedCatalogAsync(_db.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _shop.DisposeAsync();
    }

    private Task<TestHost> HostAsync(Action<Dictionary<string, string?>>? configure = null) =>
        _shop.StartHostAsync(_db, c =>
        {
            c["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Password = Password }.ConnectionString;
            c["Admins:TelegramIds"] = string.Create(CultureInfo.InvariantCulture, $"{FirstAdmin},{SecondAdmin}");
            c["Backups:SendToAdmins"] = "true";
            configure?.Invoke(c);
        });

    private static async Task RunJobAsync(TestHost host)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DailyBackupJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_daily_job_tells_the_admins_it_started_then_sends_each_the_file_with_its_size()
    {
        await using var host = await HostAsync();

        await RunJobAsync(host);

        var file = Assert.Single(Directory.GetFiles(_shop.Directory));
        var name = Path.GetFileName(file);
        foreach (var admin in new[] { FirstAdmin, SecondAdmin })
        {
            var started = Assert.Single(host.Telegram.CallsTo("sendMessage", admin));
            Assert.Contains("Резервная копия: начинаю", started.Text, StringComparison.Ordinal);
            Assert.Contains(_db.Name, started.Text, StringComparison.Ordinal);
            var document = Assert.Single(host.Telegram.CallsTo("sendDocument", admin));
            Assert.Contains($"Резервная копия готова: <code>{name}</code>", document.Text, StringComparison.Ordinal);
            Assert.Contains("KB", document.Text, StringComparison.Ordinal);
        }
        // Uploaded once, byte for byte the file on disk; the second admin gets it by its file id.
        var upload = host.Telegram.CallsTo("sendDocument", FirstAdmin).Single().File("document");
        Assert.NotNull(upload);
        Assert.Equal(name, upload.FileName);
        Assert.Equal(await File.ReadAllBytesAsync(file), upload.Content);
        Assert.StartsWith("doc-", host.Telegram.CallsTo("sendDocument", SecondAdmin).Single()["document"], StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Events, e => e.RenderMessage(CultureInfo.InvariantCulture).Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_backup_is_reported_to_the_admins_with_the_reason_and_no_file()
    {
        Directory.CreateDirectory(_shop.Directory);
        var blocker = Path.Combine(_shop.Directory, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "a file where the backup directory should be");
        await using var host = await HostAsync(c => c["Backups:Directory"] = blocker);

        await Assert.ThrowsAnyAsync<IOException>(() => RunJobAsync(host));

        foreach (var admin in new[] { FirstAdmin, SecondAdmin })
        {
            var messages = host.Telegram.CallsTo("sendMessage", admin);
            Assert.Equal(2, messages.Count);
            Assert.Contains("Резервная копия не сделана", messages[1].Text, StringComparison.Ordinal);
            Assert.Contains("not-a-directory", messages[1].Text, StringComparison.Ordinal);
        }
        Assert.Empty(host.Telegram.CallsTo("sendDocument"));
        Assert.Contains(host.Logs.Events, e => e.RenderMessage(CultureInfo.InvariantCulture).Contains("The daily backup failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_backup_verb_sends_its_file_to_the_admins_through_the_admin_bot_when_asked()
    {
        await using var host = await HostAsync(); // only for its fake Bot API and the admins' rows; the verb runs on its own
        var (exit, output, err) = await _shop.RunVerbAsync(_db.ConnectionString, null, c =>
        {
            c["Backups:SendToAdmins"] = "true";
            c["Bots:Admin:Token"] = TestHost.AdminToken;
            c["Telegram:ApiBaseUrl"] = host.Telegram.BaseUrl;
            c["Admins:TelegramIds"] = FirstAdmin.ToString(CultureInfo.InvariantCulture);
        }, "backup");
        Assert.True(exit == 0, err);
        Assert.Contains("Sent to 1 admin(s).", output, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(_shop.Directory));
        var document = Assert.Single(host.Telegram.CallsTo("sendDocument", FirstAdmin));
        Assert.Equal(await File.ReadAllBytesAsync(file), document.File("document")!.Content);
    }

    [Fact]
    public async Task Retention_keeps_the_newest_backups_and_never_touches_files_it_did_not_make()
    {
        Directory.CreateDirectory(_shop.Directory);
        string[] foreign = ["notes.txt", "vpnbot-manual-copy.dump.enc", "vpnbot-20200101T000000Z.dump.enc.bak"];
        foreach (var f in foreign) await File.WriteAllTextAsync(Path.Combine(_shop.Directory, f), "not ours");
        SecretProtector.TryParseKey(BackupShop.BackupKey, out var key);
        var clock = new ShiftableClock();
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 3, 30, 0, TimeSpan.Zero));
        var service = new BackupService(new BackupOptions(key, _shop.Directory, Keep: 2, SendToAdmins: false, new TimeOnly(3, 30)), _db.ConnectionString, clock);

        var made = new List<string>();
        for (var day = 0; day < 4; day++)
        {
            made.Add((await service.CreateAsync(CancellationToken.None)).FileName);
            clock.Advance(TimeSpan.FromDays(1));
        }

        // The clock moves on in real time between days (pg_dump takes a moment), so the seconds are not fixed.
        Assert.Equal(4, made.Distinct().Count());
        Assert.All(made.Select((name, day) => (name, day)), m => Assert.Matches($@"^vpnbot-2026120{m.day + 1}T0330\d\dZ\.dump\.enc$", m.name));
        var left = Directory.GetFiles(_shop.Directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(foreign.Concat(made.Skip(2)).Order(StringComparer.Ordinal).ToList(), left);
    }
}
