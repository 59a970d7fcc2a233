using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Data;

namespace VpnBot.TestKit.Database;

/// <summary>
/// A fresh, fully migrated PostgreSQL database per test class: cloned from a template that
/// is migrated once per test process, dropped on dispose. Tests never share rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _templateName;

    private TestDatabase(string name, string connectionString, string adminConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
    }

    private readonly string _adminConnectionString;

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = await TestServices.PostgresAsync();
        var template = await EnsureTemplateAsync(admin);
        var name = "vpnbot_t_" + Guid.NewGuid().ToString("N")[..16];
        await TemplateLock.WaitAsync();
        try
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE {template}");
        }
        finally
        {
            TemplateLock.Release();
        }
        return new TestDatabase(name, WithDatabase(admin, name), admin);
    }

    /// <summary>A database with nothing in it, not even the schema (a target for a restore); dropped on dispose.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync()
    {
        var admin = await TestServices.PostgresAsync();
        var name = "vpnbot_e_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        return new TestDatabase(name, WithDatabase(admin, name), admin);
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
        try { await ExecuteAsync(_adminConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)"); }
        catch (NpgsqlException) { /* the run's cluster is thrown away anyway */ }
    }

    private static async Task<string> EnsureTemplateAsync(string admin)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateName is not null) return _templateName;
            var name = $"vpnbot_tpl_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..6]}";
            await ExecuteAsync(admin, $"CREATE DATABASE {name}");
            var options = new DbContextOptionsBuilder<AppDbContext>();
            options.UseVpnBotPostgres(WithDatabase(admin, name));
            await using (var db = new AppDbContext(options.Options))
                await db.Database.MigrateAsync();
            NpgsqlConnection.ClearAllPools();
            return _templateName = name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
