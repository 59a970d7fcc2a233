using System.Text.RegularExpressions;
using VpnBot.Core.Security;

namespace VpnBot.Host.Configuration;

/// <summary>
/// Checks the keys the process cannot run without before anything starts, so a bad
/// deployment fails with one line that names the key instead of a stack trace later.
/// </summary>
public static partial class StartupConfiguration
{
    public static string? FindProblem(IConfiguration config)
    {
        if (string.IsNullOrWhiteSpace(config.GetConnectionString("Postgres")))
            return "ConnectionStrings:Postgres is missing (env ConnectionStrings__Postgres).";
        if (string.IsNullOrWhiteSpace(config.GetConnectionString("Redis")))
            return "ConnectionStrings:Redis is missing (env ConnectionStrings__Redis).";
        if (!SecretProtector.TryParseKey(config["Security:EncryptionKey"], out _))
            return "Security:EncryptionKey is missing or not 32 bytes of base64 (env Security__EncryptionKey; make one with: openssl rand -base64 32).";

        var apiBase = config["Telegram:ApiBaseUrl"];
        if (apiBase is not null && !Uri.TryCreate(apiBase, UriKind.Absolute, out _))
            return "Telegram:ApiBaseUrl is not an absolute URL.";
        var mode = config["Telegram:Mode"];
        if (mode is not null && !Enum.TryParse<TelegramMode>(mode, ignoreCase: true, out _))
            return "Telegram:Mode must be Polling or Webhook.";
        if (string.Equals(mode, nameof(TelegramMode.Webhook), StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(config["Telegram:WebhookBaseUrl"], UriKind.Absolute, out _))
                return "Telegram:WebhookBaseUrl is missing or not an absolute URL (required in Webhook mode).";
            var secret = config["Telegram:WebhookSecret"];
            if (string.IsNullOrEmpty(secret) || !WebhookSecretPattern().IsMatch(secret))
                return "Telegram:WebhookSecret is missing or invalid (1-256 of A-Z a-z 0-9 _ -; required in Webhook mode).";
        }

        foreach (var bot in new[] { "Client", "Support", "Admin" })
        {
            var token = config[$"Bots:{bot}:Token"];
            if (!string.IsNullOrWhiteSpace(token) && !TokenPattern().IsMatch(token))
                return $"Bots:{bot}:Token is malformed (expected <digits>:<secret>).";
        }

        var group = config["Support:GroupChatId"];
        if (!string.IsNullOrWhiteSpace(group) && !long.TryParse(group, out _))
            return "Support:GroupChatId is not a number (a supergroup id such as -1001234567890).";
        var admins = config["Admins:TelegramIds"];
        if (!string.IsNullOrWhiteSpace(admins) && AdminIds.TryParse(admins, out _) is false)
            return "Admins:TelegramIds must be a comma-separated list of Telegram user ids.";
        if (!Core.Subscriptions.SubscriptionOptions.TryParseReminderDays(config["Subscriptions:RemindDaysBefore"], out _))
            return "Subscriptions:RemindDaysBefore must be comma-separated whole days between 1 and 60 (e.g. 3,1), or empty for no reminders.";
        if (!Core.Subscriptions.SubscriptionOptions.TryParseDays(config["Subscriptions:WinBackDays"], 0, out _))
            return "Subscriptions:WinBackDays must be comma-separated whole days between 0 and 60 (e.g. 0,3,7), or empty for no win-back messages.";
        if (!Core.Subscriptions.SubscriptionOptions.TryParseDays(config["Subscriptions:RenewalRetryDays"], 1, out _, sort: false))
            return "Subscriptions:RenewalRetryDays must be comma-separated whole days between 1 and 60 (e.g. 1,2), or empty for no retries.";
        if (Backups.BackupOptions.FindProblem(config) is { } backups) return backups;
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex WebhookSecretPattern();

    [GeneratedRegex(@"^\d{1,16}:[A-Za-z0-9_-]{1,}$")]
    private static partial Regex TokenPattern();
}
