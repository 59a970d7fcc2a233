using Hangfire;
using Hangfire.PostgreSql;
using VpnBot.Host.Backups;

namespace VpnBot.Host.Jobs;

public static class JobsComposition
{
    /// <summary>
    /// The backend-task worker always runs (access must never wait on a scheduler). Scheduled jobs run on
    /// Hangfire with PostgreSQL storage unless Jobs:Enabled is false (tests that do not test jobs).
    /// </summary>
    public static IServiceCollection AddVpnBotJobs(this IServiceCollection services, IConfiguration config)
    {
        services.AddHostedService<BackendTaskWorker>();
        services.AddScoped<ExpireSubscriptionsJob>();
        services.AddScoped<AutoRenewalJob>();
        services.AddScoped<ExpiryRemindersJob>();
        services.AddScoped<WinBackJob>();
        services.AddScoped<UsageCollectionJob>();
        services.AddScoped<PendingPaymentsJob>();
        services.AddScoped<StarsReceiptsJob>();
        if (!config.GetValue("Jobs:Enabled", true)) return services;

        var connection = config.GetConnectionString("Postgres");
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connection), new PostgreSqlStorageOptions { SchemaName = "hangfire" }));
        services.AddHangfireServer(o => o.WorkerCount = 1); // short jobs, minutes apart: one worker (each is a thread)
        services.AddHostedService<RecurringJobsRegistration>();
        return services;
    }
}

/// <summary>Registers (or updates) the recurring schedule once the host starts.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager jobs, BackupOptions backups) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<ExpireSubscriptionsJob>("expire-subscriptions", j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<AutoRenewalJob>("auto-renewal", j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        jobs.AddOrUpdate<ExpiryRemindersJob>("expiry-reminders", j => j.RunAsync(CancellationToken.None), "*/15 * * * *");
        jobs.AddOrUpdate<WinBackJob>("win-back", j => j.RunAsync(CancellationToken.None), "7-59/15 * * * *");
        jobs.AddOrUpdate<UsageCollectionJob>("usage-collection", j => j.RunAsync(CancellationToken.None), "*/10 * * * *");
        jobs.AddOrUpdate<PendingPaymentsJob>("pending-payments", j => j.RunAsync(CancellationToken.None), "5-59/15 * * * *");
        jobs.AddOrUpdate<StarsReceiptsJob>("stars-receipts", j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        // Without a backup key there is nothing to encrypt with: no daily backup (and a schedule left from before goes).
        if (backups.Enabled) jobs.AddOrUpdate<DailyBackupJob>(DailyBackupJob.Id, j => j.RunAsync(CancellationToken.None), backups.DailyCron);
        else jobs.RemoveIfExists(DailyBackupJob.Id);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
