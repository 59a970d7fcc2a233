
namespace VpnBot.Core.Subscriptions;

/// <summary>The state after a lifecycle change, and what was queued to mirror it on the VPN server.</summary>
public sealed record SubscriptionChange(long SubscriptionId, SubscriptionStatus Status, DateTimeOffset? ExpiresAt, MirrorQueued Mirror);

public enum TrialStatus { Started, AlreadyUsed, HasActiveSubscription, Disabled, NotAllowed }

public sealed record TrialResult(TrialStatus Status, long? SubscriptionId, DateTimeOffset? ExpiresAt);

public enum AutoRenewalStatus { Enabled, Disabled, NeedsSavedPaymentMethod }

/// <summary>A lifecycle call named a subscription or user that does not exist (or is not the caller's).</summary>
public sealed class SubscriptionNotFoundException : Exception
{
    public SubscriptionNotFoundException() : base("Subscription not found.") { }

    public SubscriptionNotFoundException(string message) : base(message) { }

    public SubscriptionNotFoundException(string message, Exception inner) : base(message, inner) { }

    public SubscriptionNotFoundException(long subscriptionId) : base($"Subscription {subscriptionId} not found.") { }
}
