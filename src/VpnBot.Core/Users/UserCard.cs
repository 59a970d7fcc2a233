namespace VpnBot.Core.Users;

/// <summary>What an operator sees about one customer.</summary>
public sealed record UserCard(
    User User,
    bool IsAdmin,
    IReadOnlyList<UserCardSubscription> Subscriptions,
    int CompletedPayments,
    IReadOnlyList<MoneyTotal> Paid,
    int OpenTickets);

public sealed record UserCardSubscription(long Id, SubscriptionStatus Status, string? Plan, string? Server, DateTimeOffset? ExpiresAt, bool IsTrial);

public sealed record MoneyTotal(decimal Amount, string Currency);
