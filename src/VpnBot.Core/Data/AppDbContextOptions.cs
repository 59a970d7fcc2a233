using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VpnBot.Core.Data;

public static class AppDbContextOptions
{
    public static DbContextOptionsBuilder UseVpnBotPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}

/// <summary>Used only by `dotnet ef` at design time; the host configures the real connection.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseVpnBotPostgres("Host=localhost;Database=vpnbot_design;Username=postgres");
        return new AppDbContext(options.Options);
    }
}
