namespace VpnBot.Core.Referrals;

/// <summary>What the invited friend gets.</summary>
public enum InviteeBonus { None, TrialDays, Discount }

/// <summary>What the inviter gets for each qualifying payment of a friend.</summary>
public enum ReferrerRewardKind { Balance, Days }

/// <summary>Bound from <c>Referrals</c>. The admin bot's switch (stored, audited) turns the whole program off on top of this.</summary>
public sealed class ReferralOptions
{
    public const string Section = "Referrals";

    /// <summary>Off: links attribute nothing and nothing is granted, whatever the admin switch says.</summary>
    public bool Enabled { get; set; } = true;

    public InviteeBonus InviteeBonus { get; set; } = InviteeBonus.TrialDays;

    /// <summary>Days added to the invited friend's free trial (<see cref="InviteeBonus.TrialDays"/>).</summary>
    public int InviteeTrialDays { get; set; } = 3;

    /// <summary>Percent off the invited friend's first purchase (<see cref="InviteeBonus.Discount"/>), 1-90.</summary>
    public int InviteeDiscountPercent { get; set; } = 10;

    public ReferrerRewardKind ReferrerReward { get; set; } = ReferrerRewardKind.Balance;

    /// <summary>Percent of each qualifying payment credited to the inviter's balance, in RUB (<see cref="ReferrerRewardKind.Balance"/>).</summary>
    public decimal ReferrerPercent { get; set; } = 10m;

    /// <summary>Days added to the inviter's subscription per qualifying payment (<see cref="ReferrerRewardKind.Days"/>).</summary>
    public int ReferrerDays { get; set; } = 7;

    /// <summary>0: only the friend's first payment is rewarded; N: every payment within N months of the friend joining.</summary>
    public int RewardMonths { get; set; }
}
