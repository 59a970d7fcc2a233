using FsCheck;
using FsCheck.Xunit;
using VpnBot.Core.Vpn;

namespace VpnBot.Core.Tests.Payments;

public class BackendRetryTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(6, 320)]
    [InlineData(7, 600)]
    [InlineData(1000, 600)]
    public void The_delay_doubles_per_attempt_up_to_the_cap(int attempts, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), BackendRetry.Delay(attempts, Base, Cap, random: 0));
    }

    [Property]
    public bool Jitter_keeps_the_delay_between_80_and_100_percent_and_under_the_cap(PositiveInt attempts, NormalFloat random)
    {
        var r = Math.Abs(random.Get) % 1;
        var delay = BackendRetry.Delay(attempts.Get, Base, Cap, r);
        var step = BackendRetry.Delay(attempts.Get, Base, Cap, 0);
        return delay <= Cap && delay <= step && delay >= step * 0.8 - TimeSpan.FromTicks(1);
    }

    [Fact]
    public void Zero_attempts_is_a_programming_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BackendRetry.Delay(0, Base, Cap, 0));
}
