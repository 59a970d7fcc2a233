namespace VpnBot.TestKit.RealVpn;

/// <summary>
/// What the real-VPN tests need from the machine. When something is missing they fail with a
/// plain sentence saying what, instead of passing without having tested anything.
/// </summary>
public static class RealVpnMachine
{
    public static void Require(params string[] tools)
    {
        if (!IsRoot())
            throw new InvalidOperationException("These tests run real WireGuard/OpenVPN in network namespaces and need root (they are not skipped: run them as root, e.g. via scripts/test in CI).");
        if (!File.Exists("/dev/net/tun"))
            throw new InvalidOperationException("These tests need /dev/net/tun for wireguard-go; this machine has none.");
        foreach (var tool in tools)
            if (Which(tool) is null)
                throw new InvalidOperationException($"These tests need `{tool}` on PATH; scripts/test installs it (wireguard-tools, wireguard-go, openvpn, openssh-server, iproute2, iputils-ping, openssl).");
    }

    public static string? Which(string tool) =>
        tool.StartsWith('/') ? (File.Exists(tool) ? tool : null)
        : (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Concat(["/usr/sbin", "/sbin"])
            .Select(d => Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);

    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            ?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) == "0";

    /// <summary>A short random suffix for names that must not clash across tests (namespaces, interfaces ≤ 15 chars).</summary>
    public static string Suffix() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
}
