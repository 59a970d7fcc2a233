namespace VpnBot.Core.Payments;

/// <summary>
/// What the customer chose at checkout. The plan, server and method come from buttons the client may have kept or
/// forged, so <see cref="PaymentService.StartAsync(CheckoutRequest, CancellationToken)"/> re-checks every field.
/// </summary>
/// <param name="ServerId">The location chosen for a first subscription (ignored when renewing one that has a server).</param>
public sealed record CheckoutRequest(long UserId, long PlanId, string Method, long? ServerId = null)
{
    /// <summary>The customer consented to keep the card for automatic renewal (YooKassa only).</summary>
    public bool SaveCard { get; init; }

    /// <summary>What the payment buys (a subscription period unless set).</summary>
    public PaymentPurpose Purpose { get; init; } = PaymentPurpose.Subscription;

    /// <summary>A promo code the customer applied (as typed; checked again here and fixed on the payment).</summary>
    public string? PromoCode { get; init; }

    /// <summary>For <see cref="PaymentPurpose.TopUp"/>: the RUB to credit (PlanId is then ignored).</summary>
    public decimal? TopUpRub { get; init; }

    /// <summary>Pay what the balance covers from it and only the rest through <see cref="Method"/> (RUB providers).</summary>
    public bool UseBalance { get; init; }
}
