using Microsoft.Extensions.Configuration;
using VpnBot.Host.Backups;
using VpnBot.Host.Configuration;

namespace VpnBot.Core.Tests.Backups;

public class BackupOptionsTests
{
    private const string SecurityKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string BackupKey = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private static IConfiguration Config(params (string Key, string? Value)[] values)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Database=x;Username=x",
            ["ConnectionStrings:Redis"] = "127.0.0.1:6379",
            ["Security:EncryptionKey"] = SecurityKey,
        };
        foreach (var (key, value) in values) settings[key] = value; // later wins
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    [Fact]
    public void Without_a_key_backups_are_off_and_start_up_is_fine()
    {
        var config = Config();
        Assert.Null(StartupConfiguration.FindProblem(config));
        Assert.False(BackupOptions.From(config).Enabled);
    }

    [Theory]
    [InlineData(SecurityKey)]
    [InlineData(" " + SecurityKey + " ")]
    public void The_security_key_is_refused_as_the_backup_key_at_start_up(string key)
    {
        var problem = StartupConfiguration.FindProblem(Config(("Backups:EncryptionKey", key)));
        Assert.NotNull(problem);
        Assert.Contains("must not be the same as Security:EncryptionKey", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Backups:EncryptionKey", "c2hvcnQ=", "32 bytes")]
    [InlineData("Backups:Keep", "0", "Backups:Keep")]
    [InlineData("Backups:DailyAtUtc", "25:00", "Backups:DailyAtUtc")]
    [InlineData("Backups:SendToAdmins", "maybe", "Backups:SendToAdmins")]
    public void Malformed_settings_stop_start_up_with_a_line_naming_the_key(string key, string value, string named)
    {
        var problem = StartupConfiguration.FindProblem(Config(("Backups:EncryptionKey", BackupKey), (key, value)));
        Assert.Contains(named, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_separate_key_and_a_time_make_a_daily_utc_schedule()
    {
        var options = BackupOptions.From(Config(("Backups:EncryptionKey", BackupKey), ("Backups:DailyAtUtc", "04:05"), ("Backups:Keep", "3")));
        Assert.True(options.Enabled);
        Assert.Equal("5 4 * * *", options.DailyCron);
        Assert.Equal(3, options.Keep);
        Assert.Equal("30 3 * * *", BackupOptions.From(Config(("Backups:EncryptionKey", BackupKey))).DailyCron);
    }

    [Fact]
    public void The_database_password_goes_to_the_tools_only_through_their_environment()
    {
        var tools = new PostgresTools("Host=db.internal;Port=5433;Database=vpnbot;Username=vpnbot;Password=s3cret-pa55");
        foreach (var start in new[] { tools.Dump(), tools.Restore("/tmp/x.dump", clean: true) })
        {
            Assert.DoesNotContain(start.ArgumentList, a => a.Contains("s3cret", StringComparison.Ordinal));
            Assert.Equal("s3cret-pa55", start.Environment["PGPASSWORD"]);
            Assert.Contains("--no-password", start.ArgumentList);
            Assert.Contains("--host=db.internal", start.ArgumentList);
            Assert.Contains("--port=5433", start.ArgumentList);
        }
        Assert.DoesNotContain("s3cret", tools.Describe(), StringComparison.Ordinal);
    }
}
