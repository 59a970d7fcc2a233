using System.Text.RegularExpressions;
using VpnBot.Core.Audit;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Bots.Admin;

public partial class AuditLogTests : IAsyncLifetime
{
    private AdminBotHarness _bot = null!;
    private readonly Dictionary<int, long> _ids = [];

    public async Task InitializeAsync()
    {
        _bot = await AdminBotHarness.StartAsync();
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        await using var db = _bot.Host.Db();
        var entries = Enumerable.Range(1, 45).Select(i => AdminAuditLog.Of(i == 1 ? AdminAuditLog.CommandLineActor : 777, $"test-{i:00}", "server",
            i == 2 ? "<b>x</b>" : $"s{i}", null, null, start.AddMinutes(i))).ToList();
        foreach (var e in entries) // one by one: ids grow with i
        {
            db.AuditLog.Add(e);
            await db.SaveChangesAsync();
        }
        for (var i = 1; i <= 45; i++) _ids[i] = entries[i - 1].Id;
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task The_latest_twenty_come_first_and_older_and_newer_turn_pages_without_gaps()
    {
        var latest = await _bot.SendTextAsync("/audit");
        Assert.Equal(Range(45, 26), Shown(latest));
        Assert.Contains("2026-11-01 08:45 · <code>777</code> · <b>test-45</b> · server s45", latest.Text, StringComparison.Ordinal);
        Assert.Equal([$"aud:o:{_ids[26]}"], latest.CallbackData().Where(d => d.StartsWith("aud:", StringComparison.Ordinal)));

        var older = await _bot.PressAsync($"aud:o:{_ids[26]}");
        Assert.Equal(Range(25, 6), Shown(older));
        Assert.Contains($"aud:o:{_ids[6]}", older.CallbackData());
        Assert.Contains($"aud:n:{_ids[25]}", older.CallbackData());

        var oldest = await _bot.PressAsync($"aud:o:{_ids[6]}");
        Assert.Equal(Range(5, 1), Shown(oldest));
        Assert.Contains("command line · <b>test-01</b>", oldest.Text, StringComparison.Ordinal);
        Assert.Contains("server &lt;b&gt;x&lt;/b&gt;", oldest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(oldest.CallbackData(), d => d.StartsWith("aud:o:", StringComparison.Ordinal));

        var back = await _bot.PressAsync($"aud:n:{_ids[5]}");
        Assert.Equal(Range(25, 6), Shown(back));
        var newest = await _bot.PressAsync($"aud:n:{_ids[25]}");
        Assert.Equal(Range(45, 26), Shown(newest));
        Assert.DoesNotContain(newest.CallbackData(), d => d.StartsWith("aud:n:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entries_written_while_paging_do_not_shift_the_pages()
    {
        var latest = await _bot.SendTextAsync("/audit");
        Assert.Equal(Range(45, 26), Shown(latest));
        await using (var db = _bot.Host.Db())
        {
            db.AuditLog.Add(AdminAuditLog.Of(777, "test-46", "plan", "1", null, null, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        var older = await _bot.PressAsync($"aud:o:{_ids[26]}");
        Assert.Equal(Range(25, 6), Shown(older));
    }

    [Fact]
    public async Task A_customer_cannot_read_the_audit_log()
    {
        var customer = TestHost.NewUserId();
        var reply = await _bot.SendTextAsync("/audit", from: customer);
        Assert.DoesNotContain("test-", reply.Text, StringComparison.Ordinal);
        await _bot.PressForAnswerAsync($"aud:o:{_ids[26]}", from: customer);
        Assert.DoesNotContain(_bot.Telegram.Calls, c => c.ChatId == customer && (c.Text ?? "").Contains("test-", StringComparison.Ordinal));
    }

    private static int[] Range(int from, int to) => [.. Enumerable.Range(to, from - to + 1).Reverse()];

    private static int[] Shown(RecordedCall call) => [.. ActionPattern().Matches(call.Text!).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"<b>test-(\d+)</b>")]
    private static partial Regex ActionPattern();
}
