using NetArchTest.Rules;
using static VpnBot.Core.Tests.Architecture.Modules;

namespace VpnBot.Core.Tests.Architecture;

/// <summary>
/// Inside the host: the shared Telegram plumbing serves every bot and knows none, and the three bots are
/// separate modules (what two of them share belongs in the plumbing or in Core).
/// </summary>
public class HostBoundaryTests
{
    [Fact]
    public void The_Telegram_plumbing_uses_no_bot() =>
        BoundaryAssert.Holds(Types.InAssembly(HostAssembly).That().ResideInNamespace(Inside(TelegramPlumbing)).ShouldNot().HaveDependencyOn(AllBotsNamespace),
            "the shared Telegram plumbing serves every bot and knows none of them");

    /// <summary>Every ordered pair of bots but the admin → client one, which waits in <see cref="PendingBoundaryTests"/>.</summary>
    [Theory]
    [InlineData(ClientBot, SupportBot)]
    [InlineData(ClientBot, AdminBot)]
    [InlineData(SupportBot, ClientBot)]
    [InlineData(SupportBot, AdminBot)]
    [InlineData(AdminBot, SupportBot)]
    public void A_bot_does_not_use_another_bot(string bot, string other) =>
        BoundaryAssert.Holds(Types.InAssembly(HostAssembly).That().ResideInNamespace(Inside(bot)).ShouldNot().HaveDependencyOn(other),
            $"{bot} does not use {other}");
}
