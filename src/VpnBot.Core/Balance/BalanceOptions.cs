namespace VpnBot.Core.Balance;

/// <summary>Balance top-ups (section "Balance").</summary>
public sealed class BalanceOptions
{
    public const string Section = "Balance";

    /// <summary>Stars charged per ruble credited (e.g. 0.6: a 500 RUB top-up costs 300 Stars, rounded up). Unset: no Stars top-ups.</summary>
    public decimal? StarsPerRub { get; set; }

    /// <summary>The smallest and largest top-up, in whole rubles.</summary>
    public int MinTopUpRub { get; set; } = 50;
    public int MaxTopUpRub { get; set; } = 50_000;

    /// <summary>The amounts offered as buttons.</summary>
    public int[] PresetsRub { get; set; } = [100, 300, 500, 1000];
}
