namespace VpnBot.Payments.Stars;

/// <summary>Bound from <c>Payments:Stars</c>.</summary>
public sealed class StarsOptions
{
    public const string Section = "Payments:Stars";

    public bool Enabled { get; set; }
}
