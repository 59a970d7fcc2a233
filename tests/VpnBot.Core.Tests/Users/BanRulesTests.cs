using VpnBot.Core;
using VpnBot.Core.Users;

namespace VpnBot.Core.Tests.Users;

public class BanRulesTests
{
    private const long Operator = 1001;
    private const long ConfiguredAdmin = 1002;
    private static readonly AdminRoster Roster = new(new HashSet<long> { Operator, ConfiguredAdmin });

    private static User UserWith(long telegramId, UserRole role = UserRole.Client) => new() { TelegramId = telegramId, Role = role };

    [Fact]
    public void A_customer_may_be_banned_and_unbanned() =>
        Assert.Multiple(
            () => Assert.Null(BanRules.Refusal(Operator, UserWith(5), banning: true, Roster)),
            () => Assert.Null(BanRules.Refusal(Operator, UserWith(5), banning: false, Roster)));

    [Fact]
    public void Nobody_bans_themselves() =>
        Assert.Equal(BanOutcome.TargetIsSelf, BanRules.Refusal(Operator, UserWith(Operator), banning: true, Roster));

    [Theory]
    [InlineData(ConfiguredAdmin, UserRole.Client)] // listed in Admins:TelegramIds
    [InlineData(77, UserRole.Admin)] // made admin with create-admin
    public void An_admin_by_role_or_by_configuration_cannot_be_banned(long target, UserRole role) =>
        Assert.Equal(BanOutcome.TargetIsAdmin, BanRules.Refusal(Operator, UserWith(target, role), banning: true, Roster));

    [Fact]
    public void Support_staff_are_not_admins_and_may_be_banned() =>
        Assert.Null(BanRules.Refusal(Operator, UserWith(78, UserRole.Support), banning: true, Roster));

    [Fact]
    public void A_banned_admin_can_still_be_unbanned() =>
        Assert.Null(BanRules.Refusal(Operator, UserWith(ConfiguredAdmin, UserRole.Admin), banning: false, Roster));
}
