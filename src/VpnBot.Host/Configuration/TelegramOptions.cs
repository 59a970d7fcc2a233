namespace VpnBot.Host.Configuration;

public enum TelegramMode { Polling, Webhook }

public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";
    public TelegramMode Mode { get; set; } = TelegramMode.Polling;
    public string? WebhookBaseUrl { get; set; }
    public string? WebhookSecret { get; set; }

    /// <summary>Updates handled at once per bot (different chats); one chat is always sequential.</summary>
    /// <remarks>Handlers mostly wait on the network (PostgreSQL through a batching upsert, Redis, Telegram) and do
    /// not each hold a database connection. Measured with bench/run start on 2 cores: 96 lanes gave ~20% more
    /// /start throughput than 48 (bigger upsert batches) at the same peak memory.</remarks>
    public int MaxConcurrency { get; set; } = 96;

    /// <summary>Long-poll timeout passed to getUpdates.</summary>
    public int PollingTimeoutSeconds { get; set; } = 25;

    /// <summary>Messages per second the bot sends on its own (notices, keys after payment): Telegram allows about 30.</summary>
    public int NotificationsPerSecond { get; set; } = 30;
}

public sealed class BotOptions
{
    public string? Token { get; set; }
}

public sealed class BotsOptions
{
    public const string Section = "Bots";

    public BotOptions Client { get; set; } = new();
    public BotOptions Support { get; set; } = new();
    public BotOptions Admin { get; set; } = new();
}

public sealed class SupportOptions
{
    public const string Section = "Support";

    /// <summary>The staff supergroup (topics enabled) where every ticket is a forum topic.</summary>
    public long? GroupChatId { get; set; }
}

public sealed class ThrottleOptions
{
    public const string Section = "Throttle";

    public int UpdatesPerWindow { get; set; } = 20;
    public int WindowSeconds { get; set; } = 10;
}
