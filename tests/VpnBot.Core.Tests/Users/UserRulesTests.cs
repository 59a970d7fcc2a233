using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Tests.Users;

public class UserRulesTests
{
    private const long Operator = 1001;
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_ban_changes_the_user_once_and_a_repeated_press_changes_nothing()
    {
        var user = new User { TelegramId = 5 };
        Assert.Equal(BanOutcome.Changed, user.SetBanned(true, Operator, isAdmin: false, Now));
        Assert.Equal((true, Now), (user.IsBanned, user.UpdatedAt));
        Assert.Equal(BanOutcome.Unchanged, user.SetBanned(true, Operator, isAdmin: false, Now.AddMinutes(1)));
        Assert.Equal(Now, user.UpdatedAt);
        Assert.Equal(BanOutcome.Changed, user.SetBanned(false, Operator, isAdmin: false, Now.AddMinutes(2)));
        Assert.False(user.IsBanned);
    }

    [Fact]
    public void An_admin_cannot_ban_themselves_or_another_admin_but_may_lift_a_ban()
    {
        var self = new User { TelegramId = Operator };
        Assert.Equal(BanOutcome.TargetIsSelf, self.SetBanned(true, Operator, isAdmin: true, Now));
        var admin = new User { TelegramId = 6, Role = UserRole.Admin };
        Assert.Equal(BanOutcome.TargetIsAdmin, admin.SetBanned(true, Operator, isAdmin: true, Now));
        Assert.False(self.IsBanned || admin.IsBanned);

        var bannedAdmin = new User { TelegramId = 7, IsBanned = true };
        Assert.Equal(BanOutcome.Changed, bannedAdmin.SetBanned(false, Operator, isAdmin: true, Now));
    }

    [Fact]
    public void The_trial_is_spent_once_and_never_by_a_banned_account()
    {
        var user = new User { TelegramId = 5 };
        Assert.Null(user.TrialRefusal());
        user.UseTrial(Now);
        Assert.Equal((true, TrialStatus.AlreadyUsed), (user.TrialUsed, user.TrialRefusal()));
        Assert.Throws<InvalidOperationException>(() => user.UseTrial(Now));

        var banned = new User { TelegramId = 6, IsBanned = true };
        Assert.Equal(TrialStatus.NotAllowed, banned.TrialRefusal());
        Assert.Throws<InvalidOperationException>(() => banned.UseTrial(Now));
        Assert.False(banned.TrialUsed);
    }

    [Fact]
    public void A_saved_card_is_kept_until_forgotten()
    {
        var user = new User { TelegramId = 5 };
        user.SavePaymentMethod("pm-1", Now);
        Assert.Equal("pm-1", user.SavedPaymentMethodId);
        Assert.Throws<ArgumentException>(() => user.SavePaymentMethod(" ", Now));
        user.ForgetPaymentMethod(Now.AddDays(1));
        Assert.Equal(((string?)null, Now.AddDays(1)), (user.SavedPaymentMethodId, user.UpdatedAt));
    }
}
