using Testcontainers.PostgreSql;
using Testcontainers.Redis;

namespace VpnBot.TestKit.Database;

/// <summary>
/// Where the real PostgreSQL and Redis for tests come from: VPNBOT_TEST_POSTGRES / VPNBOT_TEST_REDIS
/// (scripts/test sets them), else Testcontainers when a Docker engine answers, else a loud failure.
/// Never an in-memory stand-in, never a silent skip.
/// </summary>
public static class TestServices
{
    private const string HowTo =
        "Run the suite with scripts/test (it starts PostgreSQL and Redis), set VPNBOT_TEST_POSTGRES and VPNBOT_TEST_REDIS, or start a Docker engine for Testcontainers.";

    private static readonly Lazy<Task<string>> Postgres = new(StartPostgresAsync);
    private static readonly Lazy<Task<string>> Redis = new(StartRedisAsync);

    public static Task<string> PostgresAsync() => Postgres.Value;

    public static Task<string> RedisAsync() => Redis.Value;

    private static async Task<string> StartPostgresAsync()
    {
        var fromEnv = Environment.GetEnvironmentVariable("VPNBOT_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return container.GetConnectionString();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException("No PostgreSQL for the integration tests. " + HowTo, e);
        }
    }

    private static async Task<string> StartRedisAsync()
    {
        var fromEnv = Environment.GetEnvironmentVariable("VPNBOT_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        try
        {
            var container = new RedisBuilder("redis:7-alpine").Build();
            await container.StartAsync();
            return container.GetConnectionString();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException("No Redis for the integration tests. " + HowTo, e);
        }
    }
}
