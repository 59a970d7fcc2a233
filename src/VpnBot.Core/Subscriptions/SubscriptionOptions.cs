namespace VpnBot.Core.Subscriptions;

/// <summary>Bound from <c>Subscriptions</c>.</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Subscriptions";

    public TrialOptions Trial { get; set; } = new();

    /// <summary>How long before expiry an auto-renewal charge is attempted.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromDays(1);
}

public sealed class TrialOptions
{
    public bool Enabled { get; set; } = true;

    public int Days { get; set; } = 3;

    /// <summary>Null means unlimited traffic during the trial.</summary>
    public int? TrafficLimitGb { get; set; }

    public int DeviceLimit { get; set; } = 1;
}
