namespace VpnBot.Core.Payments;

public partial class Payment
{
    /// <summary>The promo code applied at checkout; the discount was fixed then, so changing the code later changes nothing here.</summary>
    public long? PromoCodeId { get; private set; }

    /// <summary>What the code took off the price, in <see cref="Currency"/> (<see cref="Amount"/> is already the discounted price).</summary>
    public decimal Discount { get; private set; }

    /// <summary>Days the code adds to the plan's period when this payment completes (and takes back on refund).</summary>
    public int BonusDays { get; private set; }

    /// <summary>Records the code on a new offer: <paramref name="fullPrice"/> is what the customer would have paid without it.</summary>
    public void RecordPromo(long promoCodeId, decimal fullPrice, int bonusDays)
    {
        if (Id != 0) throw new InvalidOperationException($"Payment {Id} was already offered; its price is fixed.");
        PromoCodeId = promoCodeId;
        // What the customer does not pay at all: the balance's part is paid, just not through the provider.
        Discount = fullPrice - Amount - FromBalance;
        BonusDays = bonusDays;
    }
}
