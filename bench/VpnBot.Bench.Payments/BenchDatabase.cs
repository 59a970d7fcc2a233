using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Data;

namespace VpnBot.Bench.Payments;

/// <summary>A database of its own on the PostgreSQL named by VPNBOT_BENCH_POSTGRES: created, migrated, dropped.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private BenchDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string admin)
    {
        var db = new BenchDatabase(admin, "vpnbot_bench_" + Guid.NewGuid().ToString("N")[..10]);
        await ExecuteAsync(admin, $"CREATE DATABASE {db.Name}");
        await using var context = db.CreateContext();
        await context.Database.MigrateAsync();
        return db;
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
