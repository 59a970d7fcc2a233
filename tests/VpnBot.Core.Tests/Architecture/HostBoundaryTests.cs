using NetArchTest.Rules;
using VpnBot.Host.Telegram.Pipeline;
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

    /// <summary>Every ordered pair of bots.</summary>
    [Theory]
    [InlineData(ClientBot, SupportBot)]
    [InlineData(ClientBot, AdminBot)]
    [InlineData(SupportBot, ClientBot)]
    [InlineData(SupportBot, AdminBot)]
    [InlineData(AdminBot, SupportBot)]
    [InlineData(AdminBot, ClientBot)]
    public void A_bot_does_not_use_another_bot(string bot, string other) =>
        BoundaryAssert.Holds(Types.InAssembly(HostAssembly).That().ResideInNamespace(Inside(bot)).ShouldNot().HaveDependencyOn(other),
            $"{bot} does not use {other}");

    [Fact]
    public void Handlers_do_not_use_AppDbContext() =>
        BoundaryAssert.Holds(Types.InAssembly(HostAssembly).That().ImplementInterface(typeof(IUpdateHandler)).ShouldNot().HaveDependencyOn(AppDbContext),
            "handlers parse the update, call a Core service and render: queries live in Core");

    /// <summary>Stricter than the handler rule: screens, notifiers and alerts of the bots ask named Core services too.</summary>
    [Fact]
    public void Nothing_in_the_bots_uses_AppDbContext() =>
        BoundaryAssert.Holds(Types.InAssembly(HostAssembly).That().ResideInNamespace(Inside(AllBotsNamespace)).ShouldNot().HaveDependencyOn(AppDbContext),
            "the bots translate between Telegram and Core; the database is Core's");
}
