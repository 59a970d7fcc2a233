using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Data;

namespace VpnBot.TestKit.Database;

/// <summary>
/// A database of a benchmark's own on the given server: created (and migrated, unless the benchmark lets the
/// published host's <c>migrate</c> verb build the schema) at start, dropped at the end.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private readonly string _ownConnectionString;

    private BenchDatabase(string admin, string name, int? ownPoolSize)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = ownPoolSize is null ? 200 : 100 }.ConnectionString;
        // A benchmark that only checks and seeds keeps its own reads on a small pool beside the host's.
        _ownConnectionString = ownPoolSize is { } size
            ? new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = size, ApplicationName = "bench" }.ConnectionString
            : ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <param name="migrate">False when the host under test builds the schema itself.</param>
    /// <param name="ownPoolSize">Pool size of <see cref="CreateContext"/>; by default the same pool as <see cref="ConnectionString"/>.</param>
    public static async Task<BenchDatabase> CreateAsync(string adminConnectionString, bool migrate = true, int? ownPoolSize = null)
    {
        var database = new BenchDatabase(adminConnectionString, "vpnbot_bench_" + Guid.NewGuid().ToString("N")[..10], ownPoolSize);
        await ExecuteAsync(adminConnectionString, $"CREATE DATABASE {database.Name}");
        if (!migrate) return database;
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public AppDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseVpnBotPostgres(_ownConnectionString);
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
