namespace VpnBot.Core.Referrals;

/// <summary>A program an admin can switch off at run time (e.g. "referrals"); no row means on.</summary>
public sealed class FeatureSwitch
{
    public const string Referrals = "referrals";

    public required string Name { get; init; }
    public bool Enabled { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Telegram id of the admin who last switched it.</summary>
    public long UpdatedBy { get; set; }
}
