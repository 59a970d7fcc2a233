using VpnBot.Core.Payments;

namespace VpnBot.Core.Promotions;

/// <summary>
/// What entering a code did: a purchase code is remembered for the next checkout; free days and balance credit
/// are redeemed at once (<paramref name="SubscriptionUntil"/> / <paramref name="Balance"/> say the result).
/// </summary>
public sealed record PromoEntry(PromoVerdict Verdict, PromoCode? Code, DateTimeOffset? SubscriptionUntil = null, decimal? Balance = null)
{
    public bool Accepted => Verdict == PromoVerdict.Ok;
}

/// <summary>The remembered code as it applies to one plan: the prices through each method with it (unchanged when refused).</summary>
public sealed record PromoQuote(PromoCode Code, PromoVerdict Verdict, IReadOnlyList<PaymentOption> Options, int BonusDays)
{
    public bool Applies => Verdict == PromoVerdict.Ok;
}

/// <summary>The checkout price a code makes through one method.</summary>
public sealed record PromoPrice(PromoCode Code, Money Price, int BonusDays);

/// <summary>A code in the admin list with how often it was taken: used (paid or redeemed) and reserved (open checkouts).</summary>
public sealed record PromoUsage(PromoCode Code, int Used, int Reserved);

public sealed record PromoPage(IReadOnlyList<PromoUsage> Items, int Page, bool HasMore);
