using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Data;

public class MigrationTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Migrations_are_applied_and_none_are_pending()
    {
        await using var db = _db.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void The_model_has_no_changes_missing_from_the_migrations()
    {
        using var db = _db.CreateContext();
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project src/VpnBot.Core --output-dir Data/Migrations");
    }

    [Theory]
    [InlineData("users", "ix_users_telegram_id")]
    [InlineData("payments", "ix_payments_payment_method_external_payment_id")]
    [InlineData("subscriptions", "ix_subscriptions_status_expires_at")]
    public async Task Hot_path_and_unique_indexes_exist(string table, string index)
    {
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE tablename = @t AND indexname = @i", connection);
        cmd.Parameters.AddWithValue("t", table);
        cmd.Parameters.AddWithValue("i", index);
        var def = (string?)await cmd.ExecuteScalarAsync();
        Assert.NotNull(def);
        if (table != "subscriptions") Assert.Contains("UNIQUE", def, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Money_is_numeric_and_time_is_timestamptz()
    {
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT data_type FROM information_schema.columns WHERE table_name = @t AND column_name = @c", connection);
        cmd.Parameters.AddWithValue("t", "payments");
        cmd.Parameters.AddWithValue("c", "amount");
        Assert.Equal("numeric", await cmd.ExecuteScalarAsync());
        cmd.Parameters["c"].Value = "paid_at";
        Assert.Equal("timestamp with time zone", await cmd.ExecuteScalarAsync());
    }
}
