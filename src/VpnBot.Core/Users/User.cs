namespace VpnBot.Core.Users;

/// <summary>
/// A Telegram account we know. The fields the rules guard (ban, trial, saved card) are set when the row is made
/// (by EF, the batched upsert or a test's seed) and change afterwards only through the methods in User.Rules.cs.
/// </summary>
public partial class User
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
    public bool IsBanned { get => _isBanned; init => _isBanned = value; }
    public VpnProtocol? PreferredProtocol { get; set; }
    public bool AutoSelectProtocol { get; set; } = true;
    public bool TrialUsed { get => _trialUsed; init => _trialUsed = value; }

    /// <summary>YooKassa saved payment method for auto-renewal, when the user opted in.</summary>
    public string? SavedPaymentMethodId { get => _savedPaymentMethodId; init => _savedPaymentMethodId = value; }

    /// <summary>
    /// The internal balance in RUB. Changed only by <see cref="Balance.BalanceLedger"/> (in step with its entries, under
    /// this row's lock), never through this object: EF only reads it.
    /// </summary>
    public decimal Balance { get; private set; }

    /// <summary>The code in this customer's invite link (t.me/bot?start=ref_CODE); made when first shown, then kept.</summary>
    public string? ReferralCode { get; private set; }

    /// <summary>Who invited this customer: set once, at their first /start, by <see cref="Referrals.ReferralAttribution"/>.</summary>
    public long? ReferredByUserId { get; private set; }
    public DateTimeOffset? ReferredAt { get; private set; }

    /// <summary>
    /// Not a column: true when the update that loaded this row also created it (the upsert inserted it), so a
    /// /start with an invite link can tell a newcomer from an existing customer.
    /// </summary>
    public bool JustRegistered { get; init; }

    /// <summary>Per-user token for the /sub/{token} endpoint; rotated to revoke.</summary>
    public string? SubscriptionToken { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>The culture the bots answer this user in: "ru" or "en".</summary>
    public string UiCulture => LanguageCodes.UiCulture(UiLanguage, LanguageCode);

    public bool SpeaksRussian => UiCulture == "ru";

    // The columns' backing fields: EF reads and writes these (by name), the methods in User.Rules.cs change them.
    private bool _isBanned;
    private bool _trialUsed;
    private string? _savedPaymentMethodId;

    /// <summary>A detached copy (each waiter on a batched upsert gets its own object).</summary>
    public User Clone() => (User)MemberwiseClone();
}
