using VpnBot.IntegrationTests.Infrastructure;

namespace VpnBot.IntegrationTests.Host;

public class ConfigurationStartupTests
{
    private static Dictionary<string, string?> ValidEnvironment() => new()
    {
        ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=x;Username=x",
        ["ConnectionStrings__Redis"] = "127.0.0.1:1",
        ["Security__EncryptionKey"] = TestHost.EncryptionKey,
    };

    [Theory]
    [InlineData("ConnectionStrings__Postgres", null, "ConnectionStrings:Postgres")]
    [InlineData("ConnectionStrings__Redis", null, "ConnectionStrings:Redis")]
    [InlineData("Security__EncryptionKey", "c2hvcnQ=", "Security:EncryptionKey")]
    [InlineData("Telegram__Mode", "Carrier-pigeon", "Telegram:Mode")]
    [InlineData("Bots__Client__Token", "not a token", "Bots:Client:Token")]
    [InlineData("Support__GroupChatId", "staff", "Support:GroupChatId")]
    [InlineData("Admins__TelegramIds", "1,two", "Admins:TelegramIds")]
    public async Task A_missing_or_malformed_key_stops_startup_with_one_line_naming_it(string key, string? value, string named)
    {
        var env = ValidEnvironment();
        env[key] = value;
        var (exit, _, stderr) = await HostProcess.RunAsync(env);
        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_mode_requires_its_url_and_secret()
    {
        var env = ValidEnvironment();
        env["Telegram__Mode"] = "Webhook";
        var (exit, _, stderr) = await HostProcess.RunAsync(env);
        Assert.Equal(2, exit);
        Assert.Contains("Telegram:WebhookBaseUrl", stderr, StringComparison.Ordinal);
        env["Telegram__WebhookBaseUrl"] = "https://bot.example.com";
        (exit, _, stderr) = await HostProcess.RunAsync(env);
        Assert.Equal(2, exit);
        Assert.Contains("Telegram:WebhookSecret", stderr, StringComparison.Ordinal);
    }
}
