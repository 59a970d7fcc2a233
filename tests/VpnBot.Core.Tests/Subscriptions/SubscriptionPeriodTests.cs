using VpnBot.Core;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Tests.Subscriptions;

public class SubscriptionPeriodTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Extending_an_active_subscription_starts_from_its_current_expiry()
    {
        var s = new Subscription { Status = SubscriptionStatus.Active, StartedAt = Now.AddDays(-10), ExpiresAt = Now.AddDays(5) };
        s.Extend(30, Now);
        Assert.Equal(Now.AddDays(35), s.ExpiresAt);
        Assert.Equal(Now.AddDays(-10), s.StartedAt);
    }

    [Fact]
    public void Extending_an_expired_subscription_starts_from_now()
    {
        var s = new Subscription { Status = SubscriptionStatus.Expired, ExpiresAt = Now.AddDays(-3) };
        s.Extend(30, Now);
        Assert.Equal(Now.AddDays(30), s.ExpiresAt);
        Assert.Equal(SubscriptionStatus.Active, s.Status);
        Assert.Equal(Now, s.StartedAt);
    }

    [Fact]
    public void Shortening_past_now_expires_the_subscription()
    {
        var s = new Subscription { Status = SubscriptionStatus.Active, ExpiresAt = Now.AddDays(10) };
        s.Shorten(30, Now);
        Assert.Equal(SubscriptionStatus.Expired, s.Status);
        Assert.Equal(Now, s.ExpiresAt);
    }

    [Fact]
    public void Resume_of_a_lapsed_suspension_expires_instead_of_activating()
    {
        var s = new Subscription { Status = SubscriptionStatus.Active, ExpiresAt = Now.AddDays(1) };
        s.Suspend(Now);
        Assert.Equal(SubscriptionStatus.Suspended, s.Status);
        s.Resume(Now.AddDays(2));
        Assert.Equal(SubscriptionStatus.Expired, s.Status);
    }

    [FsCheck.Xunit.Property]
    public bool Consecutive_extensions_add_up_while_active(FsCheck.PositiveInt a, FsCheck.PositiveInt b)
    {
        var days1 = a.Get % 400 + 1;
        var days2 = b.Get % 400 + 1;
        var s = new Subscription();
        s.Extend(days1, Now);
        s.Extend(days2, Now.AddHours(1));
        return s.ExpiresAt == Now.AddDays(days1 + days2);
    }
}
