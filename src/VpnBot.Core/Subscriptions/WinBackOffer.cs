namespace VpnBot.Core.Subscriptions;

/// <summary>The lapse a win-back offer is for: one customer, one subscription, one expiry.</summary>
public sealed record WinBackLapse(long UserId, long SubscriptionId, DateTimeOffset ExpiredAt);

/// <summary>
/// What the last win-back message may offer: a personal one-use promo code, or nothing. The seam the promo
/// codes plug into. It is asked again when a run died between claim and send, so it must answer the same
/// code for the same <see cref="WinBackLapse"/> rather than mint a second one.
/// </summary>
public interface IWinBackOffer
{
    /// <returns>The code to show (already valid for this customer), or null for a message without one.</returns>
    Task<string?> CodeForAsync(WinBackLapse lapse, CancellationToken ct);
}

/// <summary>No offer: the last win-back message is sent without a code.</summary>
public sealed class NoWinBackOffer : IWinBackOffer
{
    public Task<string?> CodeForAsync(WinBackLapse lapse, CancellationToken ct) => Task.FromResult<string?>(null);
}
