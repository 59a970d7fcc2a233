using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Users;

public partial class User
{
    /// <summary>
    /// Why <paramref name="actorTelegramId"/> may not ban this user, or null: never themselves (they would lock
    /// themselves out), never an admin. Lifting a ban can only give access back, so it is never refused.
    /// </summary>
    public BanOutcome? BanRefusal(long actorTelegramId, bool isAdmin, bool banning)
    {
        if (!banning) return null;
        if (TelegramId == actorTelegramId) return BanOutcome.TargetIsSelf;
        if (isAdmin) return BanOutcome.TargetIsAdmin;
        return null;
    }

    /// <summary>Bans or unbans for an admin: a refusal or a repeated press (<see cref="BanOutcome.Unchanged"/>) changes nothing.</summary>
    public BanOutcome SetBanned(bool banned, long actorTelegramId, bool isAdmin, DateTimeOffset now)
    {
        if (BanRefusal(actorTelegramId, isAdmin, banned) is { } refusal) return refusal;
        if (_isBanned == banned) return BanOutcome.Unchanged;
        _isBanned = banned;
        UpdatedAt = now;
        return BanOutcome.Changed;
    }

    /// <summary>Why this account may not start the free trial, or null (the running-subscription check needs the database).</summary>
    public TrialStatus? TrialRefusal() =>
        _isBanned ? TrialStatus.NotAllowed
        : _trialUsed ? TrialStatus.AlreadyUsed
        : null;

    /// <summary>Spends the one free trial of this Telegram account.</summary>
    /// <exception cref="InvalidOperationException">The trial is refused (see <see cref="TrialRefusal"/>).</exception>
    public void UseTrial(DateTimeOffset now)
    {
        if (TrialRefusal() is { } refusal) throw new InvalidOperationException($"User {Id} cannot start a trial: {refusal}.");
        _trialUsed = true;
        UpdatedAt = now;
    }

    /// <summary>The provider kept the customer's card (they opted in at checkout): renewals charge it.</summary>
    public void SavePaymentMethod(string paymentMethodId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentMethodId);
        _savedPaymentMethodId = paymentMethodId;
        UpdatedAt = now;
    }

    /// <summary>No subscription renews with the saved card any more: forget it.</summary>
    public void ForgetPaymentMethod(DateTimeOffset now)
    {
        _savedPaymentMethodId = null;
        UpdatedAt = now;
    }
}
