namespace VpnBot.Core.Subscriptions;

/// <summary>Bound from <c>Subscriptions</c>.</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Subscriptions";

    public TrialOptions Trial { get; set; } = new();

    /// <summary>How long before expiry an auto-renewal charge is attempted.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Days before expiry when customers are reminded, comma-separated (each once per period); empty turns
    /// reminders off. A string rather than an array: the configuration binder appends an array's configured
    /// items to its defaults instead of replacing them.
    /// </summary>
    public string RemindDaysBefore { get; set; } = "3,1";

    /// <summary>The reminder stages, ascending days, each between 1 and 60.</summary>
    public static bool TryParseReminderDays(string? value, out IReadOnlyList<int> days)
    {
        days = [];
        if (string.IsNullOrWhiteSpace(value)) return true;
        var parsed = new SortedSet<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) || d is < 1 or > 60)
                return false;
            parsed.Add(d);
        }
        days = [.. parsed];
        return true;
    }

    public IReadOnlyList<int> ReminderStages() =>
        TryParseReminderDays(RemindDaysBefore, out var days) ? days : throw new InvalidOperationException("Subscriptions:RemindDaysBefore is malformed.");
}

public sealed class TrialOptions
{
    public bool Enabled { get; set; } = true;

    public int Days { get; set; } = 3;

    /// <summary>Null means unlimited traffic during the trial.</summary>
    public int? TrafficLimitGb { get; set; }

    public int DeviceLimit { get; set; } = 1;
}
