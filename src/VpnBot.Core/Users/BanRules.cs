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

/// <summary>Whom an admin may ban: never themselves (they would lock themselves out), never another admin.</summary>
public static class BanRules
{
    public static BanOutcome? Refusal(long actorTelegramId, User target, bool banning, AdminRoster roster)
    {
        if (!banning) return null; // lifting a ban can only give access back
        if (target.TelegramId == actorTelegramId) return BanOutcome.TargetIsSelf;
        if (roster.IsAdmin(target)) return BanOutcome.TargetIsAdmin;
        return null;
    }
}
