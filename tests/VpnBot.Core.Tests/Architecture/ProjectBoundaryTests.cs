using NetArchTest.Rules;
using static VpnBot.Core.Tests.Architecture.Modules;

namespace VpnBot.Core.Tests.Architecture;

/// <summary>
/// The projects' boundaries: Core is the domain and knows no transport and no adapter; the VPN and payment
/// adapters know Core only. Project references already forbid most of this today; these rules keep it so when
/// someone adds a reference "just for one type".
/// </summary>
public class ProjectBoundaryTests
{
    [Fact]
    public void Core_uses_no_Telegram() =>
        BoundaryAssert.Holds(Types.InAssembly(CoreAssembly).ShouldNot().HaveDependencyOn("Telegram"),
            "Core is free of Telegram: the bots translate between Telegram and Core");

    [Fact]
    public void Core_uses_no_ASP_NET_Core() =>
        BoundaryAssert.Holds(Types.InAssembly(CoreAssembly).ShouldNot().HaveDependencyOn("Microsoft.AspNetCore"),
            "Core is free of ASP.NET Core: webhooks and endpoints live in the host");

    [Fact]
    public void Core_uses_no_other_VpnBot_project() =>
        BoundaryAssert.Holds(Types.InAssembly(CoreAssembly).ShouldNot().HaveDependencyOnAny(VpnNamespace, PaymentsNamespace, HostNamespace),
            "Core depends on no other VpnBot project; they depend on Core");

    [Fact]
    public void The_VPN_adapters_use_neither_the_payments_nor_the_host() =>
        BoundaryAssert.Holds(Types.InAssembly(VpnAssembly).ShouldNot().HaveDependencyOnAny(PaymentsNamespace, HostNamespace),
            "VpnBot.Vpn talks to VPN servers for Core and knows nothing of payments or the host");

    [Fact]
    public void The_payment_adapters_use_neither_the_VPN_adapters_nor_the_host() =>
        BoundaryAssert.Holds(Types.InAssembly(PaymentsAssembly).ShouldNot().HaveDependencyOnAny(VpnNamespace, HostNamespace),
            "VpnBot.Payments talks to payment providers for Core and knows nothing of VPN servers or the host");
}
