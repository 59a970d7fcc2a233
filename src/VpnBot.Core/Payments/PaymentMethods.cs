namespace VpnBot.Core.Payments;

/// <summary>Provider names as stored in <see cref="Payment.PaymentMethod"/> and <see cref="ProcessedEvent.Provider"/>.</summary>
public static class PaymentMethods
{
    public const string Stars = "stars";
    public const string YooKassa = "yookassa";
    public const string CryptoPay = "cryptopay";
    public const string StarsCurrency = "XTR";

    /// <summary>Paid whole from the customer's internal balance (no provider).</summary>
    public const string Balance = "balance";
}

/// <summary>
/// Event keys recorded in processed_events. The webhook, the "check payment" button and the renewal charge
/// build the same key for the same fact, so whichever arrives second is recognised as a repeat.
/// </summary>
public static class PaymentEventKeys
{
    public static string Paid(string externalId) => "paid:" + externalId;

    public static string Canceled(string externalId) => "canceled:" + externalId;

    public static string Refund(string externalRefundId) => "refund:" + externalRefundId;
}
