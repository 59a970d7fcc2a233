using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Promotions;

/// <summary>
/// The price a code makes. Never below one whole unit (a provider cannot take 0): a larger discount is capped.
/// Stars are whole, and rounded up so the discount never exceeds what the code promises.
/// </summary>
public static class PromoPricing
{
    public const string Rub = "RUB";

    /// <summary>The discounted price, or null when the code changes nothing this price can show (then it is not applied).</summary>
    public static Money? Apply(PromoCode code, SubscriptionPlan plan, Money price)
    {
        var stars = string.Equals(price.Currency, PaymentMethods.StarsCurrency, StringComparison.OrdinalIgnoreCase);
        decimal? discounted = code.Kind switch
        {
            PromoKind.Percent => price.Amount * (100m - code.Value) / 100m,
            PromoKind.Amount when string.Equals(price.Currency, Rub, StringComparison.OrdinalIgnoreCase) => price.Amount - code.Value,
            // Stars lose the same share of the price the RUB amount takes off the plan's RUB price.
            PromoKind.Amount when stars && plan.Price > 0 && string.Equals(plan.Currency, Rub, StringComparison.OrdinalIgnoreCase) =>
                price.Amount * (plan.Price - code.Value) / plan.Price,
            PromoKind.ExtraDays => price.Amount,
            _ => null,
        };
        if (discounted is not { } amount) return null;
        amount = stars ? Math.Ceiling(amount) : Math.Ceiling(amount * 100m) / 100m;
        return new Money(Math.Max(amount, 1m), price.Currency);
    }

    /// <summary>Days a purchase gets on top of its plan.</summary>
    public static int BonusDays(PromoCode code) => code.Kind == PromoKind.ExtraDays ? (int)code.Value : 0;
}
