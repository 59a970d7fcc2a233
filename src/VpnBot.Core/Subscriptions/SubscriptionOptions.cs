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

    /// <summary>
    /// Days after a subscription lapsed when the customer is invited back, comma-separated (0 = the day it
    /// ended); each at most once per lapse, none once they pay. Empty turns win-back off.
    /// </summary>
    public string WinBackDays { get; set; } = "0,3,7";

    /// <summary>Percent off in the personal one-use code the last win-back message carries; 0 = no code.</summary>
    public int WinBackOfferPercent { get; set; }

    /// <summary>How long that code stays valid, in days.</summary>
    public int WinBackOfferValidDays { get; set; } = 7;

    /// <summary>
    /// Days after a declined auto-renewal charge when it is tried again, comma-separated: by default 1 day after
    /// the first decline and 2 days after the second. Never later than <see cref="RenewalGrace"/> after the expiry.
    /// </summary>
    public string RenewalRetryDays { get; set; } = "1,2";

    /// <summary>How long after the expiry a declined renewal may still be retried.</summary>
    public TimeSpan RenewalGrace { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The win-back stages, ascending days after the lapse, each between 0 and 60.</summary>
    public IReadOnlyList<int> WinBackStages() =>
        TryParseDays(WinBackDays, 0, out var days) ? days : throw new InvalidOperationException("Subscriptions:WinBackDays is malformed.");

    /// <summary>The waits between renewal attempts after a decline, in days (1 to 60 each), in the order they are used.</summary>
    public IReadOnlyList<int> RenewalRetries() =>
        TryParseDays(RenewalRetryDays, 1, out var days, sort: false) ? days : throw new InvalidOperationException("Subscriptions:RenewalRetryDays is malformed.");

    /// <summary>A comma-separated list of whole days between <paramref name="min"/> and 60; empty is an empty list.</summary>
    public static bool TryParseDays(string? value, int min, out IReadOnlyList<int> days, bool sort = true)
    {
        days = [];
        if (string.IsNullOrWhiteSpace(value)) return true;
        var parsed = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) || d < min || d > 60)
                return false;
            parsed.Add(d);
        }
        days = sort ? [.. parsed.Distinct().Order()] : parsed;
        return true;
    }

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
