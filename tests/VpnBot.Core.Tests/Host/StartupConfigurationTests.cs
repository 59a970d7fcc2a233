using Microsoft.Extensions.Configuration;
using VpnBot.Host.Configuration;
using VpnBot.Host.Logging;

namespace VpnBot.Core.Tests.Host;

public class StartupConfigurationTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] overrides)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=x",
            ["ConnectionStrings:Redis"] = "x:6379",
            ["Security:EncryptionKey"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        };
        foreach (var (k, v) in overrides) values[k] = v;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    [Fact]
    public void A_complete_configuration_has_no_problem() => Assert.Null(StartupConfiguration.FindProblem(Config()));

    [Theory]
    [InlineData("Telegram:ApiBaseUrl", "not a url", "Telegram:ApiBaseUrl")]
    [InlineData("Bots:Admin:Token", "123:bad token", "Bots:Admin:Token")]
    [InlineData("Security:EncryptionKey", "", "Security:EncryptionKey")]
    [InlineData("Subscriptions:RemindDaysBefore", "3,one", "Subscriptions:RemindDaysBefore")]
    [InlineData("Subscriptions:RemindDaysBefore", "0", "Subscriptions:RemindDaysBefore")]
    public void Each_bad_key_is_named(string key, string value, string named) =>
        Assert.Contains(named, StartupConfiguration.FindProblem(Config((key, value))), StringComparison.Ordinal);

    [Fact]
    public void Webhook_secret_must_use_telegram_alphabet() =>
        Assert.Contains("WebhookSecret", StartupConfiguration.FindProblem(Config(
            ("Telegram:Mode", "webhook"), ("Telegram:WebhookBaseUrl", "https://x.example"), ("Telegram:WebhookSecret", "has spaces!"))), StringComparison.Ordinal);

    [Fact]
    public void Redaction_blanks_bot_tokens_and_configured_secrets()
    {
        var formatter = new RedactingFormatter(new Serilog.Formatting.Display.MessageTemplateTextFormatter("{Message}"), ["shop-secret-key-1"]);
        var redacted = formatter.Redact("POST http://api/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage key=shop-secret-key-1");
        Assert.DoesNotContain("AAHdqTcv", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("shop-secret-key-1", redacted, StringComparison.Ordinal);
        Assert.Contains("123456789:***", redacted, StringComparison.Ordinal);
    }
}
