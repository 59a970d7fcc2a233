using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace VpnBot.Host.Health;

public static class HealthEndpoints
{
    public static IServiceCollection AddVpnBotHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"], timeout: TimeSpan.FromSeconds(3))
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"], timeout: TimeSpan.FromSeconds(3));
        return services;
    }

    /// <summary>/health/live: the process answers. /health/ready: PostgreSQL and Redis answer too.</summary>
    public static IEndpointRouteBuilder MapVpnBotHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
