using System.Globalization;

namespace VpnBot.Core.Promotions;

/// <summary>A new code as an operator describes it (admin bot one-liner or CLI); <see cref="Problem"/> says what is wrong with it.</summary>
public sealed record PromoDraft(string Code, PromoKind Kind, decimal Value)
{
    public int? MaxUses { get; init; }
    public int PerCustomer { get; init; } = 1;
    public DateTimeOffset? ValidFrom { get; init; }
    public DateTimeOffset? ValidUntil { get; init; }
    public bool FirstPurchaseOnly { get; init; }
    public IReadOnlyList<long> PlanIds { get; init; } = [];

    /// <summary>Null when the draft can be saved, else the reason in plain English (operators' tools are English).</summary>
    public string? Problem() =>
        !PromoCode.IsWellFormed(PromoCode.Normalize(Code)) ? $"the code must be 1-{PromoCode.MaxCodeLength} letters, digits, '-' or '_'"
        : Kind == PromoKind.Percent && Value is < 1 or > 99 ? "a percent must be 1..99"
        : Kind is PromoKind.ExtraDays or PromoKind.FreeDays && (Value < 1 || Value > 3650 || decimal.Truncate(Value) != Value) ? "days must be a whole number 1..3650"
        : Kind is PromoKind.Amount or PromoKind.Balance && (Value <= 0 || decimal.Round(Value, 2) != Value) ? "an amount must be positive, in whole kopecks"
        : MaxUses is < 1 ? "uses must be at least 1"
        : PerCustomer < 1 ? "uses per customer must be at least 1"
        : ValidUntil <= ValidFrom ? "'until' must be after 'from'"
        : PlanIds.Any(p => p <= 0) ? "plans are given by their ids"
        : null;

    /// <summary>Kind names as operators type them.</summary>
    public static PromoKind? ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "percent" or "%" => PromoKind.Percent,
        "amount" or "rub" => PromoKind.Amount,
        "days" or "extra-days" or "extra_days" => PromoKind.ExtraDays,
        "free" or "free-days" or "free_days" => PromoKind.FreeDays,
        "balance" => PromoKind.Balance,
        _ => null,
    };

    public static string KindName(PromoKind kind) => kind switch
    {
        PromoKind.Percent => "percent",
        PromoKind.Amount => "amount",
        PromoKind.ExtraDays => "extra-days",
        PromoKind.FreeDays => "free-days",
        _ => "balance",
    };

    /// <summary>A date (yyyy-MM-dd, UTC): "from" starts at its midnight, "until" ends at the next one (the whole day is valid).</summary>
    public static DateTimeOffset? ParseDate(string text, bool endOfDay) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? new DateTimeOffset(d, TimeSpan.Zero).AddDays(endOfDay ? 1 : 0)
            : null;
}
