using VpnBot.Host.Telegram.Navigation;

namespace VpnBot.Host.Bots.Admin;

/// <summary>The admin bot's button prefixes ("prefix:arg:arg", see CallbackData) and conversation steps.</summary>
public static class AdminCallbacks
{
    public const string Dashboard = "dash";

    /// <summary>"usr" asks for an id; "usr:{telegramId}" shows that user's card.</summary>
    public const string User = "usr";

    /// <summary>"ban:ask:{id}" asks to confirm, "ban:yes:{id}" bans; "unban:..." the same for lifting it.</summary>
    public const string Ban = "ban";
    public const string Unban = "unban";
    public const string Ask = "ask";
    public const string Yes = "yes";

    /// <summary>
    /// "ext:ask:{subscription}:{days}:{expiry}" asks to confirm, "ext:yes:..." extends. The expiry (Unix seconds,
    /// 0 for none) is the one the operator saw: a second press finds another and changes nothing.
    /// </summary>
    public const string Extend = "ext";

    /// <summary>"rot:ask:{id}" asks to confirm, "rot:yes:{id}:{link fingerprint}" rotates the subscription link.</summary>
    public const string FeedLink = "rot";

    /// <summary>"srv" lists the servers; "srv:on:{id}" / "srv:off:{id}" switch one.</summary>
    public const string Servers = "srv";

    /// <summary>"pln" lists the plans; "pln:on:{id}" / "pln:off:{id}" switch one.</summary>
    public const string Plans = "pln";
    public const string On = "on";
    public const string Off = "off";

    /// <summary>"aud" the latest entries; "aud:o:{id}" older than the entry, "aud:n:{id}" newer.</summary>
    public const string Audit = "aud";
    public const string Older = "o";
    public const string Newer = "n";

    /// <summary>"bc" starts a broadcast; "bc:go" sends the previewed text, "bc:x" drops it.</summary>
    public const string Broadcast = "bc";
    public const string Go = "go";
    public const string Cancel = "x";

    /// <summary>Conversation steps (Redis state) of the admin bot.</summary>
    public const string UserQueryStep = "admin.user";
    public const string BroadcastStep = "admin.broadcast";
    public const string BroadcastTextStep = BroadcastStep + ".text";
    public const string BroadcastConfirmStep = BroadcastStep + ".confirm";

    public static string UserCard(long telegramId) => CallbackData.Build(User, CallbackData.Num(telegramId));
}
