using VpnBot.Host.Jobs;

namespace VpnBot.Host.Backups;

public static class BackupsRegistration
{
    /// <summary>The backup service on the configured database and the daily job (scheduled with the other jobs when a key is set).</summary>
    public static IServiceCollection AddBackups(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ => BackupOptions.From(config));
        services.AddScoped(sp => new BackupService(sp.GetRequiredService<BackupOptions>(), config.GetConnectionString("Postgres")!, sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<DailyBackupJob>();
        return services;
    }
}
