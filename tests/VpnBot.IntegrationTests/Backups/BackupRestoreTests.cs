using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Security;
using VpnBot.Core.Support;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Backups;

/// <summary>The backup and restore verbs on real PostgreSQL with the real pg_dump and pg_restore.</summary>
public class BackupRestoreTests : IAsyncLifetime
{
    private BackupShop _shop = null!;
    private TestDatabase _source = null!;

    public async Task InitializeAsync()
    {
        _shop = await BackupShop.StartAsync();
        _source = await TestDatabase.CreateAsync();
        await _shop.SeedCatalogAsync(_source.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _shop.DisposeAsync();
    }

    [Fact]
    public async Task A_seeded_shop_restored_into_an_empty_database_has_the_same_rows_and_the_restored_host_sells()
    {
        long planId, serverId;
        await using (var db = _source.CreateContext())
            (planId, serverId) = ((await db.Plans.SingleAsync()).Id, (await db.Servers.SingleAsync()).Id);
        var customer = TestHost.NewUserId();
        await using (var host = await _shop.StartHostAsync(_source))
        {
            await _shop.BuyAsync(host, customer, planId, serverId);
            await using var db = _source.CreateContext();
            var user = await db.Users.SingleAsync(u => u.TelegramId == customer);
            db.SupportTickets.Add(SupportTicket.Open(user.Id, "Не подключается", "Помогите, пожалуйста", 5, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var (exit, output, err) = await _shop.RunVerbAsync(_source.ConnectionString, null, null, "backup");
        Assert.True(exit == 0, err);
        var file = Assert.Single(Directory.GetFiles(_shop.Directory));
        Assert.Matches(@"vpnbot-\d{8}T\d{6}Z\.dump\.enc$", file);
        Assert.Contains(file, output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)); // customers' data: 0600

        await using var target = await TestDatabase.CreateEmptyAsync();
        (exit, _, err) = await _shop.RunVerbAsync(target.ConnectionString, null, null, "restore", file);
        Assert.True(exit == 0, err);

        var before = await TableChecksumsAsync(_source.ConnectionString);
        var after = await TableChecksumsAsync(target.ConnectionString);
        Assert.Equal(before, after);
        foreach (var table in new[] { "users", "payments", "subscriptions", "support_tickets", "support_messages", "servers", "vpn_configs", "subscription_plans" })
            Assert.True(before.TryGetValue("public." + table, out var sum) && sum.Rows > 0, $"{table} is seeded");
        // The server's panel password came back encrypted and bound to its server, and still opens with the host's key.
        await using (var db = target.CreateContext())
        {
            var stored = (string)JsonNode.Parse((await db.Servers.SingleAsync()).Settings)!["vless"]!["password"]!;
            SecretProtector.TryParseKey(TestHost.EncryptionKey, out var key);
            Assert.Equal(_shop.Panel.Options.Password, new SecretProtector(key).Unprotect(stored, SecretContext.ServerSetting(serverId, "vless.password")));
        }

        // The restored database runs the host: another customer buys end to end, the key placed on the same panel.
        await using (var host = await _shop.StartHostAsync(target))
        {
            var second = TestHost.NewUserId();
            var link = await _shop.BuyAsync(host, second, planId, serverId);
            Assert.StartsWith("vless://", link, StringComparison.Ordinal);
            await using var db = target.CreateContext();
            Assert.Equal(2, await db.Subscriptions.CountAsync(s => s.Status == Core.SubscriptionStatus.Active));
        }
        Assert.Equal(2, _shop.Panel.Clients.Count);
    }

    [Fact]
    public async Task A_wrong_key_a_flipped_byte_or_a_cut_file_is_refused_before_the_database_is_touched()
    {
        Assert.Equal(0, (await _shop.RunVerbAsync(_source.ConnectionString, null, null, "backup")).Exit);
        var file = Directory.GetFiles(_shop.Directory).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        var flipped = Path.Combine(_shop.Directory, "flipped.enc");
        var copy = (byte[])bytes.Clone();
        copy[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(flipped, copy);
        var cut = Path.Combine(_shop.Directory, "cut.enc");
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length - 10)]);
        await using var target = await TestDatabase.CreateEmptyAsync();

        var wrongKey = await _shop.RunVerbAsync(target.ConnectionString, null, c => c["Backups:EncryptionKey"] = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=", "restore", file);
        Assert.Equal(1, wrongKey.Exit);
        Assert.Contains("The backup key does not open this file", wrongKey.Err, StringComparison.Ordinal);
        var damaged = await _shop.RunVerbAsync(target.ConnectionString, null, null, "restore", flipped);
        Assert.Equal(1, damaged.Exit);
        Assert.Contains("damaged or was changed", damaged.Err, StringComparison.Ordinal);
        var truncated = await _shop.RunVerbAsync(target.ConnectionString, null, null, "restore", cut);
        Assert.Equal(1, truncated.Exit);
        Assert.Contains("cut short", truncated.Err, StringComparison.Ordinal);
        Assert.Empty(await TableChecksumsAsync(target.ConnectionString));

        // The intact file with the right key goes in.
        Assert.Equal(0, (await _shop.RunVerbAsync(target.ConnectionString, null, null, "restore", file)).Exit);
        Assert.NotEmpty(await TableChecksumsAsync(target.ConnectionString));
    }

    [Fact]
    public async Task A_database_with_tables_is_refused_unless_forced_and_forced_it_gets_the_backup_back()
    {
        Assert.Equal(0, (await _shop.RunVerbAsync(_source.ConnectionString, null, null, "backup")).Exit);
        var file = Directory.GetFiles(_shop.Directory).Single();
        var atBackup = await TableChecksumsAsync(_source.ConnectionString);
        Assert.Equal(0, (await _shop.RunVerbAsync(_source.ConnectionString, null, null, "plan", "add", "--name", "Year", "--days", "365", "--price", "2490", "--currency", "RUB")).Exit);
        var changed = await TableChecksumsAsync(_source.ConnectionString);

        var (exit, _, err) = await _shop.RunVerbAsync(_source.ConnectionString, null, null, "restore", file);
        Assert.Equal(2, exit);
        Assert.Contains("is not empty", err, StringComparison.Ordinal);
        Assert.Contains("--force", err, StringComparison.Ordinal);
        Assert.Equal(changed, await TableChecksumsAsync(_source.ConnectionString));

        (exit, _, err) = await _shop.RunVerbAsync(_source.ConnectionString, null, null, "restore", file, "--force");
        Assert.True(exit == 0, err);
        Assert.Equal(atBackup, await TableChecksumsAsync(_source.ConnectionString));
    }

    [Fact]
    public async Task The_security_key_as_the_backup_key_is_refused_by_both_verbs()
    {
        foreach (var verb in new[] { new[] { "backup" }, ["restore", "whatever.enc"] })
        {
            var (exit, _, err) = await _shop.RunVerbAsync(_source.ConnectionString, null, c => c["Backups:EncryptionKey"] = TestHost.EncryptionKey, verb);
            Assert.Equal(2, exit);
            Assert.Contains("must not be the same as Security:EncryptionKey", err, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(_shop.Directory) && Directory.EnumerateFileSystemEntries(_shop.Directory).Any());
    }

    [Fact]
    public async Task The_database_password_never_shows_in_the_output_of_a_backup_that_works_or_one_that_fails()
    {
        const string password = "pw-Zq8x-never-print-me";
        var withPassword = new NpgsqlConnectionStringBuilder(_source.ConnectionString) { Password = password }.ConnectionString;
        var ok = await _shop.RunVerbAsync(withPassword, null, null, "backup");
        Assert.True(ok.Exit == 0, ok.Err);
        var unreachable = new NpgsqlConnectionStringBuilder(withPassword) { Port = 1 }.ConnectionString;
        var failed = await _shop.RunVerbAsync(unreachable, null, null, "backup");
        Assert.Equal(1, failed.Exit);
        Assert.Contains("pg_dump failed", failed.Err, StringComparison.Ordinal);
        foreach (var text in new[] { ok.Out, ok.Err, failed.Out, failed.Err })
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_shop.Directory)); // the failed run left no file behind, not even a partial one
    }

    /// <summary>Every table outside the system schemas: its row count and an md5 of its rows in a fixed order.</summary>
    internal static async Task<Dictionary<string, (long Rows, string Md5)>> TableChecksumsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var sums = new Dictionary<string, (long, string)>();
        foreach (var table in tables)
        {
            await using var sum = new NpgsqlCommand($"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {table} t", connection);
            await using var reader = await sum.ExecuteReaderAsync();
            await reader.ReadAsync();
            sums[table] = (reader.GetInt64(0), reader.GetString(1));
        }
        return sums;
    }
}
