using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Payments;

/// <summary>The parts of a payment that touch the customer's internal balance (RUB).</summary>
public partial class Payment
{
    /// <summary>
    /// RUB of the price taken from the balance: the whole price for the "balance" method, part of it when the rest is
    /// paid through a provider (then <see cref="Amount"/> is only the provider's part). Debited in the transaction that
    /// completes the payment; given back to the balance when the payment is refunded.
    /// </summary>
    public decimal FromBalance { get; init; }

    /// <summary>For a top-up: the RUB credited to the balance when it completes (Amount is what the provider charges, e.g. Stars).</summary>
    public decimal? CreditRub { get; init; }

    /// <summary>A top-up of <paramref name="creditRub"/> to the balance, charged as <paramref name="price"/> through <paramref name="method"/>.</summary>
    public static Payment TopUp(long userId, string method, Money price, decimal creditRub, DateTimeOffset now) => new()
    {
        UserId = userId,
        Purpose = PaymentPurpose.TopUp,
        PaymentMethod = method,
        Amount = price.Amount,
        Currency = price.Currency,
        CreditRub = creditRub,
        CreatedAt = now,
    };

    /// <summary>
    /// A plan bought with <paramref name="fromBalance"/> RUB of balance and <paramref name="providerPart"/> through
    /// <paramref name="method"/> (the "balance" method itself when the balance covers it all: providerPart is then zero).
    /// </summary>
    public static Payment OfferWithBalance(long userId, SubscriptionPlan plan, string method, Money providerPart, decimal fromBalance,
        DateTimeOffset now, long? serverId = null, long? renewing = null) => new()
    {
        UserId = userId,
        PlanId = plan.Id,
        ServerId = serverId,
        SubscriptionId = renewing,
        PaymentMethod = method,
        Amount = providerPart.Amount,
        Currency = providerPart.Currency,
        FromBalance = fromBalance,
        CreatedAt = now,
    };

    /// <summary>Paid whole from the balance; <paramref name="key"/> is what makes a double press one purchase (unique with the method).</summary>
    internal void MarkBalanceCheckout(string key) => ExternalPaymentId ??= key;

    /// <summary>A top-up paid as offered (or approved after review): the balance was credited.</summary>
    public void CompleteTopUp(bool approval, DateTimeOffset now)
    {
        Ensure(approval ? PaymentMove.ApproveReview : PaymentMove.Complete);
        NeedsReview = false;
        Status = PaymentStatus.Completed;
        PaidAt = now;
        UpdatedAt = now;
    }

    /// <summary>The key of the ledger row that debits <see cref="FromBalance"/>.</summary>
    public string BalanceDebitKey => $"purchase:payment:{Id}";

    /// <summary>The key of the ledger row that credits a top-up.</summary>
    public string TopUpCreditKey => $"topup:payment:{Id}";

    /// <summary>The key of the ledger row that gives money back to the balance on a refund.</summary>
    public string RefundCreditKey => $"refund:payment:{Id}";

    /// <summary>The key of the ledger row that takes a refunded top-up back off the balance.</summary>
    public string TopUpReversalKey => $"reversal:topup:payment:{Id}";

    public string LedgerReference => $"payment:{Id}";
}
