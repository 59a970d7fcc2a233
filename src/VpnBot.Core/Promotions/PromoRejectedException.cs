namespace VpnBot.Core.Promotions;

/// <summary>The code given at checkout cannot be used (used up meanwhile, expired, ...); no payment was recorded.</summary>
public sealed class PromoRejectedException : Exception
{
    public PromoRejectedException() : this(PromoVerdict.Unknown) { }

    public PromoRejectedException(string message) : base(message) { }

    public PromoRejectedException(string message, Exception inner) : base(message, inner) { }

    public PromoRejectedException(PromoVerdict verdict) : base($"Promo code refused: {verdict}.") => Verdict = verdict;

    public PromoVerdict Verdict { get; }
}
