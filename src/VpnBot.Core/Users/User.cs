namespace VpnBot.Core.Users;

public class User
{
    public long Id { get; set; }
    public long TelegramId { get; set; }
    public string? Username { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? LanguageCode { get; set; }

    /// <summary>
    /// The language the user chose in the bot ("ru"/"en"); null = follow Telegram's language_code.
    /// A column of its own because language_code is refreshed from Telegram on every update.
    /// </summary>
    public string? UiLanguage { get; set; }
    public UserRole Role { get; set; } = UserRole.Client;

    /// <summary>False once Telegram answered 403 (the user blocked the bot).</summary>
    public bool IsActive { get; set; } = true;
    public bool IsBanned { get; set; }
    public VpnProtocol? PreferredProtocol { get; set; }
    public bool AutoSelectProtocol { get; set; } = true;
    public bool TrialUsed { get; set; }

    /// <summary>YooKassa saved payment method for auto-renewal, when the user opted in.</summary>
    public string? SavedPaymentMethodId { get; set; }

    /// <summary>Per-user token for the /sub/{token} endpoint; rotated to revoke.</summary>
    public string? SubscriptionToken { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>The culture the bots answer this user in: "ru" or "en".</summary>
    public string UiCulture => LanguageCodes.UiCulture(UiLanguage, LanguageCode);

    public bool SpeaksRussian => UiCulture == "ru";

    /// <summary>A detached copy (each waiter on a batched upsert gets its own object).</summary>
    public User Clone() => (User)MemberwiseClone();
}
