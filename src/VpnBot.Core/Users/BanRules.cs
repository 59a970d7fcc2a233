namespace VpnBot.Core.Users;

public enum BanOutcome
{
    Changed,

    /// <summary>The user was already in that state (a repeated press): nothing written.</summary>
    Unchanged,
    NotFound,
    TargetIsSelf,
    TargetIsAdmin,
}

/// <summary>Whom an admin may ban, with the roster deciding who is an admin; the rule itself is <see cref="User.BanRefusal"/>.</summary>
public static class BanRules
{
    public static BanOutcome? Refusal(long actorTelegramId, User target, bool banning, AdminRoster roster) =>
        target.BanRefusal(actorTelegramId, roster.IsAdmin(target), banning);
}
