using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Data;

namespace VpnBot.Bench.Purchase;

/// <summary>A database of its own on the PostgreSQL named by VPNBOT_BENCH_POSTGRES: created empty, dropped at the end.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private BenchDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 100 }.ConnectionString;
        // The bench's own reads (the customer "opening the pay link", the final checks) stay on a small pool.
        _benchConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = 10, ApplicationName = "bench" }.ConnectionString;
    }

    private readonly string _benchConnectionString;

    public string Name { get; }

    /// <summary>What the host is given.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database; the published host's <c>migrate</c> verb builds the schema.</summary>
    public static async Task<BenchDatabase> CreateAsync(string admin)
    {
        var db = new BenchDatabase(admin, "vpnbot_bench_" + Guid.NewGuid().ToString("N")[..10]);
        await ExecuteAsync(admin, $"CREATE DATABASE {db.Name}");
        return db;
    }

    public AppDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseVpnBotPostgres(_benchConnectionString);
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
