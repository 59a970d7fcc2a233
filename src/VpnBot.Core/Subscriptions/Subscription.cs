using VpnBot.Core.Servers;
using VpnBot.Core.Users;

namespace VpnBot.Core.Subscriptions;

public class Subscription
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public long? ServerId { get; set; }
    public Server? Server { get; set; }
    public long? PlanId { get; set; }
    public SubscriptionPlan? Plan { get; set; }
    public SubscriptionStatus Status { get; set; } = SubscriptionStatus.Pending;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public VpnProtocol? ActiveProtocol { get; set; }
    public decimal TrafficUsedGb { get; set; }
    public int? TrafficLimitGb { get; set; }
    public int DeviceLimit { get; set; } = 1;
    public bool AutoRenewal { get; set; }
    public bool IsTrial { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The expiry the last reminder was about, and how many days before it that reminder was. A payment
    /// moves <see cref="ExpiresAt"/>, so the reminders of the new period start afresh by themselves.
    /// </summary>
    public DateTimeOffset? RemindedForExpiry { get; set; }

    /// <summary>
    /// When the current traffic allowance began: set by every paid period (and the trial). Backend counters
    /// older than this are reset on the next sync, so a renewal brings the full allowance, not what was left.
    /// </summary>
    public DateTimeOffset? TrafficPeriodStartedAt { get; set; }

    /// <summary>
    /// Set when the period's traffic ran out (<see cref="TrafficUsedGb"/> reached <see cref="TrafficLimitGb"/>): the
    /// keys are switched off on every backend, including those that do not count traffic themselves (WireGuard,
    /// OpenVPN), until a payment starts a new period.
    /// </summary>
    public DateTimeOffset? TrafficExhaustedAt { get; set; }

    /// <summary>What the VPN servers must show: on while the period runs and the traffic lasts.</summary>
    public bool GrantsAccessAt(DateTimeOffset now) => IsActiveAt(now) && TrafficExhaustedAt is null;
    public int? RemindedDaysBefore { get; set; }

    /// <summary>
    /// When a run claimed the due reminder it is sending now; cleared once it is sent. A claim older than
    /// the lease is taken to belong to a run that died between claim and send, and is taken over.
    /// </summary>
    public DateTimeOffset? ReminderClaimedAt { get; set; }

    /// <summary>
    /// The lapse (the expiry) the last win-back message was about, and how many days after it that message was.
    /// A payment moves <see cref="ExpiresAt"/> and makes the subscription active, which stops the win-back.
    /// </summary>
    public DateTimeOffset? WinBackForExpiry { get; set; }

    public int? WinBackDaysAfter { get; set; }

    /// <summary>The win-back lease, as <see cref="ReminderClaimedAt"/> is the reminders': late, never lost, never twice.</summary>
    public DateTimeOffset? WinBackClaimedAt { get; set; }

    /// <summary>The expiry whose failed renewal charge the customer was told about (once per period, however often it is retried).</summary>
    public DateTimeOffset? RenewalFailureNoticeFor { get; set; }

    /// <summary>When the customer agreed, at a checkout, to have this subscription renewed with the saved card (null: never, or switched off since).</summary>
    public DateTimeOffset? AutoRenewalConsentAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin): two writers extending at once cannot both win.</summary>
    public uint Version { get; set; }

    public List<VpnConfig> Configs { get; set; } = [];

    public bool IsActiveAt(DateTimeOffset now) => Status == SubscriptionStatus.Active && ExpiresAt > now;

    /// <summary>
    /// Extends from the current expiry while the period is running (active, or suspended with time left),
    /// from now otherwise. A suspension stays in force: an admin lifts it, not another payment.
    /// </summary>
    public void Extend(int days, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var running = ExpiresAt > now && Status is SubscriptionStatus.Active or SubscriptionStatus.Suspended;
        var from = running ? ExpiresAt!.Value : now;
        if (!running) StartedAt = now;
        ExpiresAt = from.AddDays(days);
        if (Status != SubscriptionStatus.Suspended) Status = SubscriptionStatus.Active;
        UpdatedAt = now;
    }

    /// <summary>Takes back a paid period (refund); ends the subscription when nothing is left.</summary>
    public void Shorten(int days, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        if (ExpiresAt is null) return;
        ExpiresAt = ExpiresAt.Value.AddDays(-days);
        if (ExpiresAt <= now)
        {
            ExpiresAt = now;
            Status = SubscriptionStatus.Expired;
        }
        UpdatedAt = now;
    }

    public void Suspend(DateTimeOffset now)
    {
        if (Status == SubscriptionStatus.Active) Status = SubscriptionStatus.Suspended;
        UpdatedAt = now;
    }

    public void Resume(DateTimeOffset now)
    {
        if (Status != SubscriptionStatus.Suspended) return;
        Status = ExpiresAt > now ? SubscriptionStatus.Active : SubscriptionStatus.Expired;
        UpdatedAt = now;
    }

    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (Status != SubscriptionStatus.Active || ExpiresAt > now) return false;
        Status = SubscriptionStatus.Expired;
        UpdatedAt = now;
        return true;
    }
}
