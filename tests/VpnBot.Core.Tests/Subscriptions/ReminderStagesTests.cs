using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Tests.Subscriptions;

public class ReminderStagesTests
{
    [Theory]
    [InlineData("3,1", new[] { 1, 3 })]
    [InlineData(" 7 , 1,3,3 ", new[] { 1, 3, 7 })]
    [InlineData("", new int[0])]
    [InlineData(null, new int[0])]
    public void Stages_parse_sorted_and_distinct(string? value, int[] expected)
    {
        Assert.True(SubscriptionOptions.TryParseReminderDays(value, out var days));
        Assert.Equal(expected, days);
    }

    [Theory]
    [InlineData("3,")]
    [InlineData("-1")]
    [InlineData("61")]
    [InlineData("1.5")]
    [InlineData("три")]
    public void Malformed_stages_are_refused(string value) =>
        Assert.False(SubscriptionOptions.TryParseReminderDays(value, out _));

    [Fact]
    public void The_default_reminds_three_days_and_one_day_before() =>
        Assert.Equal([1, 3], new SubscriptionOptions().ReminderStages());
}
