using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Users;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Users;

public class UserRegistryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private NpgsqlDataSource _dataSource = null!;
    private UserRegistry _registry = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _dataSource = NpgsqlDataSource.Create(_db.ConnectionString);
        _registry = new UserRegistry(_dataSource, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _dataSource.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_upserts_coalesce_without_duplicates_or_deadlocks_and_each_caller_gets_its_row()
    {
        var ids = Enumerable.Range(0, 50).Select(i => 5_000_000L + i).ToArray();
        var calls = Enumerable.Range(0, 2000).Select(i =>
        {
            var id = ids[i % ids.Length];
            return (Id: id, Task: _registry.UpsertAsync(new TelegramProfile(id, "u" + id, "Name" + i, null, i % 2 == 0 ? "ru" : "en"), CancellationToken.None));
        }).ToList();
        await Task.WhenAll(calls.Select(c => c.Task)).WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var (id, task) in calls) Assert.Equal(id, (await task).TelegramId);
        await using var db = _db.CreateContext();
        Assert.Equal(50, await db.Users.CountAsync());
        Assert.Equal(50, calls.Select(c => c.Task.Result.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_second_upsert_refreshes_names_keeps_language_when_telegram_omits_it_and_reactivates()
    {
        var first = await _registry.UpsertAsync(new TelegramProfile(77, "old", "Old", "Name", "ru"), CancellationToken.None);
        await _registry.MarkInactiveAsync(77, CancellationToken.None);
        var second = await _registry.UpsertAsync(new TelegramProfile(77, "new", "New", null, null), CancellationToken.None);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal("new", second.Username);
        Assert.Null(second.LastName);
        Assert.Equal("ru", second.LanguageCode);
        Assert.True(second.IsActive);
        Assert.True(second.UpdatedAt >= first.UpdatedAt);
    }

    [Fact]
    public async Task Overlong_names_are_clipped_to_the_column_sizes()
    {
        var user = await _registry.UpsertAsync(new TelegramProfile(78, new string('u', 100), new string('f', 1000), null, "ru-RU-extra-long-tag"), CancellationToken.None);
        Assert.Equal(64, user.Username!.Length);
        Assert.Equal(256, user.FirstName!.Length);
        Assert.Equal(16, user.LanguageCode!.Length);
    }
}
