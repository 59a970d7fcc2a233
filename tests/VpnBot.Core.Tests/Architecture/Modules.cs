using System.Reflection;

namespace VpnBot.Core.Tests.Architecture;

/// <summary>
/// The assemblies and namespaces the boundary rules speak about. Loaded by name, not through a type they
/// hold, so moving a class between folders never breaks the rules themselves.
/// </summary>
internal static class Modules
{
    public static readonly Assembly CoreAssembly = Assembly.Load("VpnBot.Core");
    public static readonly Assembly VpnAssembly = Assembly.Load("VpnBot.Vpn");
    public static readonly Assembly PaymentsAssembly = Assembly.Load("VpnBot.Payments");
    public static readonly Assembly HostAssembly = Assembly.Load("VpnBot.Host");

    public const string CoreNamespace = "VpnBot.Core";
    public const string VpnNamespace = "VpnBot.Vpn";
    public const string PaymentsNamespace = "VpnBot.Payments";
    public const string HostNamespace = "VpnBot.Host";

    /// <summary>The shared bot plumbing: receiving, dispatch, middleware, router, state, texts.</summary>
    public const string TelegramPlumbing = "VpnBot.Host.Telegram";

    public const string AllBotsNamespace = "VpnBot.Host.Bots";
    public const string ClientBot = "VpnBot.Host.Bots.Client";
    public const string SupportBot = "VpnBot.Host.Bots.Support";
    public const string AdminBot = "VpnBot.Host.Bots.Admin";

    public static readonly string[] AllBots = [ClientBot, SupportBot, AdminBot];

    public const string AppDbContext = "VpnBot.Core.Data.AppDbContext";

    /// <summary>Prefix of the types inside a namespace and its children, and of nothing else ("X." not "X...").</summary>
    public static string Inside(string ns) => ns + ".";
}
