namespace VpnBot.Core.Subscriptions;

public class SubscriptionPlan
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int DurationDays { get; set; }
    public decimal Price { get; set; }
    public required string Currency { get; set; }

    /// <summary>Null means unlimited traffic.</summary>
    public int? TrafficLimitGb { get; set; }
    public int DeviceLimit { get; set; } = 1;
    public bool IsActive { get; set; } = true;
    public bool IsPopular { get; set; }

    /// <summary>Price in Telegram Stars; null when the plan is not sold for Stars.</summary>
    public int? PriceStars { get; set; }
    public int SortOrder { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
