namespace VpnBot.Core.Promotions;

/// <summary>What a promo code gives.</summary>
public enum PromoKind
{
    /// <summary><see cref="PromoCode.Value"/> percent off a purchase (1..99).</summary>
    Percent,
    /// <summary><see cref="PromoCode.Value"/> RUB off a purchase; Stars prices lose the same share, rounded up to whole stars.</summary>
    Amount,
    /// <summary><see cref="PromoCode.Value"/> days added to the period a purchase buys.</summary>
    ExtraDays,
    /// <summary><see cref="PromoCode.Value"/> days granted without payment (starts or extends the subscription).</summary>
    FreeDays,
    /// <summary><see cref="PromoCode.Value"/> RUB credited to the customer's balance.</summary>
    Balance,
}

/// <summary>
/// A code customers type (or open through /start promo_CODE). Its limits are checked by <see cref="Refusal"/>;
/// the counting ones (total uses, uses per customer) are checked again under the code's row lock when a use is taken.
/// </summary>
public class PromoCode
{
    public const int MaxCodeLength = 32;

    public long Id { get; set; }

    /// <summary>Stored upper-case: codes are case-insensitive.</summary>
    public required string Code { get; init; }
    public PromoKind Kind { get; init; }
    public decimal Value { get; init; }

    /// <summary>Uses in all (reserved at checkout or used); null = unlimited.</summary>
    public int? MaxUses { get; init; }
    public int PerCustomer { get; init; } = 1;
    public DateTimeOffset? ValidFrom { get; init; }
    public DateTimeOffset? ValidUntil { get; init; }
    public bool FirstPurchaseOnly { get; init; }

    /// <summary>The plans it may be used for; null or empty = every plan.</summary>
    public long[]? PlanIds { get; init; }

    /// <summary>A personal code (e.g. a win-back offer) only its owner may use.</summary>
    public long? OwnerUserId { get; init; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Percent, fixed amount and extra days change a purchase; free days and balance are redeemed on their own.</summary>
    public bool IsForPurchase => Kind is PromoKind.Percent or PromoKind.Amount or PromoKind.ExtraDays;

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    /// <summary>Letters, digits, '-' and '_' only, so a code also fits a /start payload (promo_CODE, 64 characters at most).</summary>
    public static bool IsWellFormed(string code) =>
        code.Length is > 0 and <= MaxCodeLength && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The rules that need no counting: switched off, not yet / no longer valid, another customer's, another plan.</summary>
    public PromoVerdict? Refusal(long userId, long? planId, DateTimeOffset now) =>
        OwnerUserId is { } owner && owner != userId ? PromoVerdict.Unknown // another customer's personal code is not disclosed
        : !IsActive ? PromoVerdict.Disabled
        : ValidFrom > now ? PromoVerdict.NotYetValid
        : ValidUntil <= now ? PromoVerdict.Expired
        : planId is { } plan && PlanIds is { Length: > 0 } plans && !plans.Contains(plan) ? PromoVerdict.NotForPlan
        : null;
}

/// <summary>Why a code cannot be used now (or that it can: <see cref="Ok"/>).</summary>
public enum PromoVerdict
{
    Ok,
    Unknown,
    Disabled,
    NotYetValid,
    Expired,
    UsedUp,
    NotForPlan,
    FirstPurchaseOnly,
    AlreadyUsed,
    /// <summary>The code lowers no price this payment method offers (e.g. a RUB amount on a plan priced in USD).</summary>
    NotForMethod,
    /// <summary>Too many wrong codes lately (the bot's guessing throttle).</summary>
    TooManyAttempts,
}
