namespace VpnBot.Core.Payments;

public partial class Payment
{
    /// <summary>
    /// When the customer agreed, on the consent screen of this checkout, to have the card saved and charged for
    /// renewals. Without it a card the provider reports as saved is not kept (see PaymentService).
    /// </summary>
    public DateTimeOffset? AutoRenewalConsentAt { get; private set; }

    /// <summary>The customer accepted the auto-renewal terms before paying (only a first, interactive payment can carry it).</summary>
    public void RecordAutoRenewalConsent(DateTimeOffset now)
    {
        if (IsRenewal) throw new InvalidOperationException($"Payment {Id} is a renewal charge; consent is given at a checkout.");
        AutoRenewalConsentAt = now;
    }
}
