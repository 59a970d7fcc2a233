using Npgsql;
using VpnBot.IntegrationTests.Infrastructure;

namespace VpnBot.IntegrationTests.Payments.Stars;

public class StarsReceiptJobTests
{
    [Fact]
    public async Task The_stars_receipts_retry_runs_on_hangfire_every_minute()
    {
        await using var host = await TestHost.StartAsync(c => c["Jobs:Enabled"] = "true");
        await TestWait.UntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(host.Database.ConnectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT value FROM hangfire.hash WHERE key = 'recurring-job:stars-receipts' AND field = 'Cron'", connection);
            try { return (string?)await cmd.ExecuteScalarAsync() == "* * * * *"; }
            catch (PostgresException) { return false; } // schema not created yet
        }, TimeSpan.FromSeconds(30), "the stars-receipts recurring job");
    }
}
