using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Data;

namespace VpnBot.TestKit.Database;

/// <summary>A database of a benchmark's own on the given server: created and migrated at start, dropped at the end.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private BenchDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 200 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string adminConnectionString)
    {
        var database = new BenchDatabase(adminConnectionString, "vpnbot_bench_" + Guid.NewGuid().ToString("N")[..10]);
        await ExecuteAsync(adminConnectionString, $"CREATE DATABASE {database.Name}");
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public AppDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseVpnBotPostgres(ConnectionString);
        return new AppDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
