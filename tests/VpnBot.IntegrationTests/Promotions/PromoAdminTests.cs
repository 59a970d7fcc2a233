using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using VpnBot.Core.Promotions;
using VpnBot.Host.Cli;
using VpnBot.IntegrationTests.Bots.Admin;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Promotions;

/// <summary>Operators make, list and switch off codes from the admin bot; every change is audited.</summary>
public class PromoAdminBotTests : IAsyncLifetime
{
    private AdminBotHarness _admin = null!;

    public async Task InitializeAsync() => _admin = await AdminBotHarness.StartAsync();

    public async Task DisposeAsync() => await _admin.DisposeAsync();

    [Fact]
    public async Task An_admin_creates_a_code_in_one_line_lists_it_and_switches_it_off_after_confirming()
    {
        var bad = await _admin.SendTextAsync("/promo add SPRING percent 120");
        Assert.Contains("Not created: a percent must be 1..99", bad.Text, StringComparison.Ordinal);

        var added = await _admin.SendTextAsync("/promo add spring percent 20 uses=100 until=2027-01-31 first");
        Assert.Contains("Promo code created", added.Text, StringComparison.Ordinal);
        Assert.Contains("SPRING", added.Text, StringComparison.Ordinal);
        var duplicate = await _admin.SendTextAsync("/promo add SPRING amount 10");
        Assert.Contains("already exists", duplicate.Text, StringComparison.Ordinal);

        var list = await _admin.SendTextAsync("/promo");
        Assert.Contains("used 0 of 100", list.Text, StringComparison.Ordinal);
        Assert.Contains("first purchase only", list.Text, StringComparison.Ordinal);
        var off = list.CallbackData().Single(d => d.StartsWith("prm:off:", StringComparison.Ordinal));

        var ask = await _admin.PressForEditAsync(off);
        Assert.Contains("Switch off promo code <b>SPRING</b>?", ask.Text, StringComparison.Ordinal);
        await using (var db = _admin.Host.Db()) Assert.True((await db.PromoCodes.SingleAsync()).IsActive); // asking changes nothing
        var yes = ask.CallbackData().Single(d => d.EndsWith(":y", StringComparison.Ordinal));
        var after = await _admin.PressForEditAsync(yes);
        Assert.Contains("⛔ off", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(after.CallbackData(), d => d.StartsWith("prm:off:", StringComparison.Ordinal));

        // The stale confirmation pressed again changes nothing and says so.
        var again = await _admin.PressForAnswerAsync(yes);
        Assert.Contains("Already", again["text"], StringComparison.OrdinalIgnoreCase);
        await using (var db = _admin.Host.Db())
        {
            Assert.False((await db.PromoCodes.SingleAsync()).IsActive);
            Assert.Equal(["promo-add", "promo-disable"], await db.AuditLog.Where(a => a.TargetType == "promo").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
            Assert.Equal(AdminBotHarness.AdminId, (await db.AuditLog.FirstAsync(a => a.Action == "promo-disable")).ActorTelegramId);
        }
    }
}

/// <summary>promo add / list / disable on the command line: clear errors, exit codes as the other verbs (0 done, 2 bad input).</summary>
public class PromoCliTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using var db = _db.CreateContext();
        await db.Database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _db.ConnectionString }).Build();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliCommands.RunAsync(args, config, stdout, stderr, new StringReader(""));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Codes_are_added_listed_and_disabled_with_clear_errors_for_bad_input()
    {
        var (exit, output, err) = await RunAsync("promo", "add", "Winter", "amount", "100", "--uses", "5", "--until", "2027-02-28", "--per-customer", "2");
        Assert.True(exit == 0, err);
        Assert.Contains("Added promo code WINTER", output, StringComparison.Ordinal);

        (exit, _, err) = await RunAsync("promo", "add", "WINTER", "percent", "10");
        Assert.Equal(2, exit);
        Assert.Contains("already exists", err, StringComparison.Ordinal);
        (exit, _, err) = await RunAsync("promo", "add", "X", "bogus", "10");
        Assert.Equal(2, exit);
        Assert.Contains("KIND must be", err, StringComparison.Ordinal);
        (exit, _, err) = await RunAsync("promo", "add", "Y", "percent", "10", "--plans", "999");
        Assert.Equal(2, exit);
        Assert.Contains("no plan with id 999", err, StringComparison.Ordinal);
        (exit, _, err) = await RunAsync("promo", "add", "Z", "percent", "10", "--until", "31.01.2027");
        Assert.Equal(2, exit);
        Assert.Contains("--until must be a date", err, StringComparison.Ordinal);

        (exit, output, _) = await RunAsync("promo", "list");
        Assert.Equal(0, exit);
        Assert.Matches(@"WINTER\s+amount\s+100\s+0/5\s+0\s+2027-03-01 00:00\s+active", output);

        (exit, output, _) = await RunAsync("promo", "disable", "winter");
        Assert.Equal(0, exit);
        Assert.Contains("Promo code WINTER is off.", output, StringComparison.Ordinal);
        (exit, output, _) = await RunAsync("promo", "disable", "WINTER");
        Assert.Equal(0, exit);
        Assert.Contains("(it was already)", output, StringComparison.Ordinal);
        (exit, _, err) = await RunAsync("promo", "disable", "NOPE");
        Assert.Equal(2, exit);
        Assert.Contains("No promo code NOPE", err, StringComparison.Ordinal);

        await using var db = _db.CreateContext();
        Assert.False((await db.PromoCodes.SingleAsync()).IsActive);
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.TargetType == "promo"));
    }
}
