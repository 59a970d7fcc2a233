using System.Net;
using System.Text.Json;
using Npgsql;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.TestKit.Telegram;

namespace VpnBot.IntegrationTests.Host;

public class HealthAndStartupTests
{
    [Fact]
    public async Task Live_and_ready_answer_200_when_postgres_and_redis_answer()
    {
        await using var host = await TestHost.StartAsync();
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(host.BaseUrl + "/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(host.BaseUrl + "/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_stays_200_and_says_degraded_when_redis_is_down_while_the_bot_keeps_answering()
    {
        await using var host = await TestHost.StartAsync(c => c["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=200");
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(host.BaseUrl + "/health/live")).StatusCode);
        // Throttling and conversation state fall back to local memory, so the instance must stay in rotation.
        var ready = await http.GetAsync(host.BaseUrl + "/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using (var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Degraded", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("postgres").GetString());
            Assert.Equal("Degraded", body.RootElement.GetProperty("checks").GetProperty("redis").GetString());
            Assert.DoesNotContain("127.0.0.1", body.RootElement.GetRawText(), StringComparison.Ordinal);
        }

        var userId = TestHost.NewUserId();
        host.Send(Updates.Text(userId, "/start"));
        await host.Telegram.WaitForCallAsync("sendMessage", userId);
        Assert.Contains(host.Logs.Events, e => e.RenderMessage(null).Contains("Redis is unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ready_says_503_while_postgresql_refuses_connections_and_200_again_after()
    {
        await using var host = await TestHost.StartAsync();
        using var http = new HttpClient();
        var admin = await TestServices.PostgresAsync();
        async Task AdminSql(string sql)
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        await AdminSql($"ALTER DATABASE {host.Database.Name} ALLOW_CONNECTIONS false");
        try
        {
            await AdminSql($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{host.Database.Name}'");
            var down = await http.GetAsync(host.BaseUrl + "/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            using var body = JsonDocument.Parse(await down.Content.ReadAsStringAsync());
            Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("Unhealthy", body.RootElement.GetProperty("checks").GetProperty("postgres").GetString());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(host.BaseUrl + "/health/live")).StatusCode);
        }
        finally
        {
            await AdminSql($"ALTER DATABASE {host.Database.Name} ALLOW_CONNECTIONS true");
        }
        await TestWait.UntilAsync(async () => (await http.GetAsync(host.BaseUrl + "/health/ready")).StatusCode == HttpStatusCode.OK,
            what: "ready again once PostgreSQL takes connections");
    }

    [Fact]
    public async Task A_bot_without_a_token_is_logged_disabled_and_the_others_run()
    {
        await using var host = await TestHost.StartAsync(c =>
        {
            c["Bots:Support:Token"] = "";
            c["Bots:Admin:Token"] = null;
        });
        var userId = TestHost.NewUserId();
        host.Send(Updates.Text(userId, "/start"));
        await host.Telegram.WaitForCallAsync("sendMessage", userId);
        var disabled = host.Logs.Events.Where(e => e.RenderMessage(null).Contains("is disabled", StringComparison.Ordinal)).Select(e => e.RenderMessage(null)).ToList();
        Assert.Equal(2, disabled.Count);
        Assert.Contains(disabled, m => m.Contains("Support", StringComparison.Ordinal));
        Assert.Contains(disabled, m => m.Contains("Admin", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Telegram.Calls, c => c.Token == TestHost.SupportToken);
    }

    [Fact]
    public async Task No_token_or_secret_reaches_a_log_line()
    {
        await using var host = await TestHost.StartAsync();
        var userId = TestHost.NewUserId();
        host.Telegram.FailNext("sendMessage", FakeFault.BadRequest());
        host.Telegram.FailNext("getUpdates", FakeFault.ServerError(), times: 4);
        host.Send(Updates.Text(userId, "/start"));
        await host.Telegram.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == userId && c.Text!.Contains("пошло не так", StringComparison.Ordinal));
        Assert.NotEmpty(host.Logs.Events);
        foreach (var line in host.Logs.RenderedLines())
        {
            Assert.DoesNotContain("client-token", line, StringComparison.Ordinal);
            Assert.DoesNotContain("support-token", line, StringComparison.Ordinal);
            Assert.DoesNotContain("admin-token", line, StringComparison.Ordinal);
            Assert.DoesNotContain(TestHost.EncryptionKey, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_health_verb_reports_a_running_host_ready_and_a_dead_one_not()
    {
        await using var host = await TestHost.StartAsync();
        var (exit, stdout, _) = await HostProcess.RunAsync(new Dictionary<string, string?>(), "health", "--url", host.BaseUrl + "/health/ready");
        Assert.Equal(0, exit);
        Assert.StartsWith("200", stdout, StringComparison.Ordinal);
        (exit, _, _) = await HostProcess.RunAsync(new Dictionary<string, string?>(), "health", "--url", "http://127.0.0.1:1/health/ready");
        Assert.Equal(1, exit);
    }
}
