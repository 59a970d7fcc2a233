using VpnBot.Vpn.Ssh;

namespace VpnBot.Vpn.WireGuard;

/// <summary>
/// The "wireguard" section of a server's settings, as stored. Validated into
/// <see cref="WireGuardServer"/> before any use; see there for each field's rules.
/// </summary>
public sealed record WireGuardSettings
{
    public SshSettings? Ssh { get; init; }

    /// <summary>Server interface, e.g. "wg0".</summary>
    public string? Interface { get; init; }

    /// <summary>"wg" or "awg" (AmneziaWG), optionally as an absolute path.</summary>
    public string? WgBinary { get; init; }

    /// <summary>Optional: "sudo -n" (non-root SSH user), "ip netns exec NAME" (WireGuard in a namespace), or both in that order.</summary>
    public string? CommandPrefix { get; init; }

    /// <summary>IPv4 tunnel subnet, e.g. "10.8.0.0/24"; the server has .1, clients get .2 upwards.</summary>
    public string? Subnet { get; init; }
    public string? ServerPublicKey { get; init; }

    /// <summary>What clients dial, "host:port" or "[v6]:port".</summary>
    public string? Endpoint { get; init; }

    /// <summary>Comma-separated resolver addresses for clients; no DNS line when empty.</summary>
    public string? Dns { get; init; }
    public int? Mtu { get; init; }
    public int? PersistentKeepalive { get; init; }

    /// <summary>Client AllowedIPs; default "0.0.0.0/0, ::/0" (everything through the tunnel).</summary>
    public string? AllowedIps { get; init; }

    /// <summary>"wg-quick" (default: `wg-quick save` after each change, so a reboot keeps peers) or "none".</summary>
    public string? Persist { get; init; }

    /// <summary>The wg-quick config file to save into; default /etc/wireguard/&lt;interface&gt;.conf.</summary>
    public string? ConfigPath { get; init; }
    public AmneziaSettings? Amnezia { get; init; }
}

/// <summary>AmneziaWG obfuscation values; S1, S2 and H1–H4 must equal the server's.</summary>
public sealed record AmneziaSettings
{
    public int? Jc { get; init; }
    public int? Jmin { get; init; }
    public int? Jmax { get; init; }
    public int? S1 { get; init; }
    public int? S2 { get; init; }
    public long? H1 { get; init; }
    public long? H2 { get; init; }
    public long? H3 { get; init; }
    public long? H4 { get; init; }
}
