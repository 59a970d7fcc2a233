namespace VpnBot.Host.Telegram;

public enum BotKind { Client, Support, Admin }

public static class BotKinds
{
    public static readonly BotKind[] All = [BotKind.Client, BotKind.Support, BotKind.Admin];

    /// <summary>The route segment in /webhooks/telegram/{bot}.</summary>
    public static string Slug(this BotKind bot) => bot switch
    {
        BotKind.Client => "client",
        BotKind.Support => "support",
        _ => "admin",
    };

    public static bool TryParseSlug(string? slug, out BotKind bot)
    {
        foreach (var b in All)
        {
            if (string.Equals(b.Slug(), slug, StringComparison.OrdinalIgnoreCase))
            {
                bot = b;
                return true;
            }
        }
        bot = default;
        return false;
    }
}
