using System.Reflection;
using NetArchTest.Rules;
using static VpnBot.Core.Tests.Architecture.Modules;

namespace VpnBot.Core.Tests.Architecture;

/// <summary>
/// A rule about a namespace that holds nothing passes whatever the code does: after a rename the boundary rules
/// would quietly stop guarding. So every namespace they name must hold types.
/// </summary>
public class ModulesTests
{
    public static TheoryData<string, string> NamedNamespaces => new()
    {
        { "VpnBot.Host", TelegramPlumbing },
        { "VpnBot.Host", ClientBot },
        { "VpnBot.Host", SupportBot },
        { "VpnBot.Host", AdminBot },
        { "VpnBot.Core", "VpnBot.Core.Subscriptions" },
        { "VpnBot.Core", "VpnBot.Core.Vpn" },
        { "VpnBot.Vpn", VpnNamespace },
        { "VpnBot.Payments", PaymentsNamespace },
    };

    [Theory]
    [MemberData(nameof(NamedNamespaces))]
    public void Every_namespace_the_rules_name_holds_types(string assembly, string ns) =>
        Assert.NotEmpty(Types.InAssembly(Assembly.Load(assembly)).That().ResideInNamespace(Inside(ns)).GetTypes());

    [Fact]
    public void The_host_has_update_handlers_for_the_handler_rule_to_check() =>
        Assert.NotEmpty(Types.InAssembly(HostAssembly).That().ImplementInterface(typeof(VpnBot.Host.Telegram.Pipeline.IUpdateHandler)).GetTypes());
}
