using Microsoft.EntityFrameworkCore;
using Npgsql;
using StackExchange.Redis;
using VpnBot.Core.Data;
using VpnBot.Core.Security;

namespace VpnBot.Host.Composition;

public static class DataComposition
{
    /// <summary>PostgreSQL (one pooled data source shared by EF and the hand-written hot paths) and secrets: what Core expects from its host.</summary>
    public static IServiceCollection AddVpnBotData(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(config.GetConnectionString("Postgres")).Build());
        services.AddDbContextPool<AppDbContext>((sp, options) =>
        {
            var dataSource = sp.GetRequiredService<NpgsqlDataSource>();
            options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history")).UseSnakeCaseNamingConvention();
        });
        services.AddSingleton(_ =>
        {
            SecretProtector.TryParseKey(config["Security:EncryptionKey"], out var key);
            return new SecretProtector(key);
        });
        return services;
    }

    /// <summary>Redis connects in the background: the bots start (with local fallbacks) even while Redis is down.</summary>
    public static IServiceCollection AddVpnBotRedis(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(config.GetConnectionString("Redis")!);
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            options.SyncTimeout = 2000;
            options.AsyncTimeout = 2000;
            return ConnectionMultiplexer.Connect(options);
        });
        return services;
    }
}
