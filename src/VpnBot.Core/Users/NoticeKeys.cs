namespace VpnBot.Core.Users;

/// <summary>Text keys Core passes to <see cref="ICustomerNotifier.NoticeAsync"/>; the client bot owns the texts.</summary>
public static class NoticeKeys
{
    /// <summary>Args: subscription id.</summary>
    public const string SubscriptionExpired = "subscription.expired";

    /// <summary>Args: subscription id, days added, new expiry (DateTime, UTC). An operator extended the subscription.</summary>
    public const string SubscriptionExtendedByAdmin = "subscription.extended_by_admin";

    /// <summary>Args: subscription id, traffic limit in GB. The period's traffic ran out; comes with a Renew button.</summary>
    public const string TrafficExhausted = "subscription.traffic_exhausted";

    /// <summary>Args: subscription id, expiry (DateTime, UTC), whole days left. Comes with a Renew button.</summary>
    public const string SubscriptionExpiresSoon = "subscription.expires_soon";

    /// <summary>Args: subscription id, expiry (DateTime, UTC), whole days left. A saved card renews it; no action needed.</summary>
    public const string SubscriptionRenewsSoon = "subscription.renews_soon";

    /// <summary>Args: payment id. The amount or currency paid differed from the offer; an admin is checking.</summary>
    public const string PaymentNeedsReview = "payment.needs_review";

    /// <summary>Args: payment id. The money went back and the period was taken back.</summary>
    public const string PaymentRefunded = "payment.refunded";

    /// <summary>
    /// Args: subscription id, reason, plan id (0 when none). The auto-renewal charge was declined; told once per
    /// period, with a Pay button for the plan.
    /// </summary>
    public const string RenewalFailed = "renewal.failed";

    /// <summary>Args: subscription id, days since the lapse (0), plan id (0 when none), "". The day access ended; comes with a Renew button.</summary>
    public const string WinBackToday = "subscription.win_back_today";

    /// <summary>Args: subscription id, days since the lapse, plan id (0 when none), "". Comes with a Renew button.</summary>
    public const string WinBack = "subscription.win_back";

    /// <summary>Args: subscription id, days since the lapse, plan id (0 when none), a personal promo code. The last stage, with an offer.</summary>
    public const string WinBackOffer = "subscription.win_back_offer";

    /// <summary>Args: RUB credited. A friend the customer invited paid; a share went to the balance.</summary>
    public const string ReferralRewardBalance = "referral.reward_balance";

    /// <summary>Args: days added. A friend the customer invited paid; days went to the subscription.</summary>
    public const string ReferralRewardDays = "referral.reward_days";

    /// <summary>Args: none. Someone activated a gift the customer bought.</summary>
    public const string GiftRedeemed = "gift.redeemed";
}
