namespace VpnBot.Host.Configuration;

/// <summary>Operators named in configuration (Admins:TelegramIds) are admins even before `create-admin`.</summary>
public sealed class AdminIds(IReadOnlySet<long> ids)
{
    public IReadOnlySet<long> Ids { get; } = ids;

    public bool Contains(long telegramId) => Ids.Contains(telegramId);

    public static AdminIds From(IConfiguration config) =>
        TryParse(config["Admins:TelegramIds"], out var ids) ? new AdminIds(ids) : new AdminIds(new HashSet<long>());

    public static bool TryParse(string? text, out HashSet<long> ids)
    {
        ids = [];
        if (string.IsNullOrWhiteSpace(text)) return true;
        foreach (var part in text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part, out var id) || id <= 0) return false;
            ids.Add(id);
        }
        return true;
    }
}
