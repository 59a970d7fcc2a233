using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VpnBot.Core.Analytics;
using VpnBot.Core.Users;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Analytics;

public class ActivityWriterTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Queued_rows_are_written_in_batches_and_the_rest_is_drained_at_completion()
    {
        var userId = await NewUserAsync();
        var log = new ActivityLog(TimeProvider.System, NullLogger<ActivityLog>.Instance);
        for (var i = 0; i < ActivityWriter.BatchSize * 2 + 5; i++) log.Record(userId, ActivityActions.ServersViewed, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        log.Record(userId, new string('a', 100), new string('d', 5000)); // clipped to the columns, not refused
        log.Complete();

        await new ActivityWriter(log, _dataSource, NullLogger<ActivityWriter>.Instance).RunAsync(CancellationToken.None);

        await using var db = _database.CreateContext();
        Assert.Equal(ActivityWriter.BatchSize * 2 + 6, await db.UserActivities.CountAsync(a => a.UserId == userId));
        var clipped = await db.UserActivities.SingleAsync(a => a.Action.StartsWith("aaa"));
        Assert.Equal((64, 1024), (clipped.Action.Length, clipped.Details!.Length));
    }

    [Fact]
    public async Task A_batch_the_database_refuses_is_dropped_without_an_exception_and_later_rows_still_arrive()
    {
        var userId = await NewUserAsync();
        var log = new ActivityLog(TimeProvider.System, NullLogger<ActivityLog>.Instance);
        var writer = new ActivityWriter(log, _dataSource, NullLogger<ActivityWriter>.Instance);

        await writer.WriteAsync([new ActivityEntry(long.MaxValue, ActivityActions.Start, null, DateTimeOffset.UtcNow)], CancellationToken.None); // no such user
        await writer.WriteAsync([new ActivityEntry(userId, ActivityActions.Start, null, DateTimeOffset.UtcNow)], CancellationToken.None);

        await using var db = _database.CreateContext();
        Assert.Equal(1, await db.UserActivities.CountAsync());
    }

    private async Task<long> NewUserAsync()
    {
        var registry = new UserRegistry(_dataSource, TimeProvider.System);
        var user = await registry.UpsertAsync(new TelegramProfile(Random.Shared.NextInt64(1, long.MaxValue), "u", "U", null, "ru"), CancellationToken.None);
        return user.Id;
    }
}
