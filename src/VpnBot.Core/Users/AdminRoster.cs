namespace VpnBot.Core.Users;

/// <summary>Who counts as an admin: the admin role, or an id the operator listed in configuration (Admins:TelegramIds).</summary>
public sealed class AdminRoster(IReadOnlySet<long> configuredIds)
{
    public bool IsAdmin(User user) => user.Role == UserRole.Admin || configuredIds.Contains(user.TelegramId);
}
