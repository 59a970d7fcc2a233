using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.Vpn.WireGuard;

/// <summary>
/// A server's "wireguard" settings after validation. Everything that later reaches a remote command
/// line or the customer's .conf is checked here against a strict pattern, so bad settings fail as
/// Misconfigured before anything is allocated or sent.
/// </summary>
public sealed partial class WireGuardServer
{
    public const string Section = "wireguard";
    public const string DefaultAllowedIps = "0.0.0.0/0, ::/0";

    public required SshTarget Ssh { get; init; }
    public required string Interface { get; init; }

    /// <summary>The prefix words plus the wg binary: the start of every `wg` command.</summary>
    public required IReadOnlyList<string> Wg { get; init; }

    /// <summary>The prefix words plus wg-quick/awg-quick.</summary>
    public required IReadOnlyList<string> WgQuick { get; init; }
    public required WireGuardSubnet Subnet { get; init; }
    public required string ServerPublicKey { get; init; }
    public required string Endpoint { get; init; }
    public required string? Dns { get; init; }
    public required int? Mtu { get; init; }
    public required int PersistentKeepalive { get; init; }
    public required string AllowedIps { get; init; }

    /// <summary>Argument for `wg-quick save` (interface name or config path); null when persistence is off.</summary>
    public required string? SaveTarget { get; init; }
    public required AmneziaSettings? Amnezia { get; init; }

    public static WireGuardServer From(Server server, SecretProtector protector)
    {
        WireGuardSettings? s;
        try
        {
            s = server.GetSection<WireGuardSettings>(Section);
        }
        catch (JsonException e)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured, $"Settings {Section} of server {server.Name} are not valid JSON of the expected shape: {e.Path}.", e);
        }
        if (s is null) throw Bad("section is missing");

        var iface = s.Interface?.Trim() ?? "";
        if (!InterfacePattern().IsMatch(iface)) throw Bad("interface must be 1–15 letters, digits, '_' or '-', starting with a letter (e.g. wg0)");
        var binary = string.IsNullOrWhiteSpace(s.WgBinary) ? "wg" : s.WgBinary.Trim();
        if (!BinaryPattern().IsMatch(binary) || binary.Contains("..", StringComparison.Ordinal))
            throw Bad("wgBinary must be \"wg\" or \"awg\", optionally as an absolute path");
        var prefix = ParsePrefix(s.CommandPrefix);
        var subnet = WireGuardSubnet.TryParse(s.Subnet) ?? throw Bad("subnet must be an IPv4 network such as 10.8.0.0/24 (prefix 8–30, host bits zero)");
        var serverKey = s.ServerPublicKey?.Trim();
        if (!WireGuardKeys.IsValid(serverKey)) throw Bad("serverPublicKey must be the server's 44-character base64 public key");
        var endpoint = s.Endpoint?.Trim() ?? "";
        if (!IsEndpoint(endpoint)) throw Bad("endpoint must be host:port (or [IPv6]:port)");
        var dns = ParseList(s.Dns, IsIpAddress, "dns must be a comma-separated list of IP addresses");
        if (s.Mtu is { } mtu && mtu is < 1280 or > 9000) throw Bad("mtu must be between 1280 and 9000");
        var keepalive = s.PersistentKeepalive ?? 25;
        if (keepalive is < 0 or > 65535) throw Bad("persistentKeepalive must be between 0 and 65535 seconds");
        var allowed = ParseList(string.IsNullOrWhiteSpace(s.AllowedIps) ? DefaultAllowedIps : s.AllowedIps,
            t => IPNetwork.TryParse(t, out _), "allowedIps must be a comma-separated list of CIDR networks")!;
        var persist = string.IsNullOrWhiteSpace(s.Persist) ? "wg-quick" : s.Persist.Trim();
        if (persist is not ("wg-quick" or "none")) throw Bad("persist must be \"wg-quick\" or \"none\"");
        var configPath = s.ConfigPath?.Trim();
        if (!string.IsNullOrEmpty(configPath) && (!ConfigPathPattern().IsMatch(configPath) || configPath.Contains("..", StringComparison.Ordinal)
            || !configPath.EndsWith("/" + iface + ".conf", StringComparison.Ordinal)))
            throw Bad("configPath must be an absolute path ending in /<interface>.conf (wg-quick takes the interface name from the file name)");
        var isAmnezia = binary.EndsWith("awg", StringComparison.Ordinal);
        if (s.Amnezia is not null) ValidateAmnezia(s.Amnezia, isAmnezia);

        return new WireGuardServer
        {
            Ssh = SshTarget.From(s.Ssh, protector, Section + ".ssh", server.Id),
            Interface = iface,
            Wg = [.. prefix, binary],
            WgQuick = [.. prefix, binary + "-quick"],
            Subnet = subnet,
            ServerPublicKey = serverKey!,
            Endpoint = endpoint,
            Dns = dns,
            Mtu = s.Mtu,
            PersistentKeepalive = keepalive,
            AllowedIps = allowed,
            SaveTarget = persist == "none" ? null : string.IsNullOrEmpty(configPath) ? iface : configPath,
            Amnezia = s.Amnezia,
        };
    }

    private static string[] ParsePrefix(string? text)
    {
        var normalized = string.Join(' ', (text ?? "").Split(' ', '\t').Where(w => w.Length > 0));
        if (!PrefixPattern().IsMatch(normalized))
            throw Bad("commandPrefix may only be \"sudo -n\", \"ip netns exec <name>\", or both in that order");
        return normalized.Length == 0 ? [] : normalized.Split(' ');
    }

    private static void ValidateAmnezia(AmneziaSettings a, bool isAmnezia)
    {
        if (!isAmnezia) throw Bad("amnezia values need wgBinary \"awg\": a plain WireGuard server would drop the obfuscated handshake");
        if (a.Jc is { } jc && jc is < 1 or > 128) throw Bad("amnezia.Jc must be 1–128");
        if (a.Jmin is < 0 or > 1279 || a.Jmax is < 0 or > 1280 || (a.Jmin is { } min && a.Jmax is { } max && min > max))
            throw Bad("amnezia.Jmin/Jmax must satisfy 0 ≤ Jmin ≤ Jmax ≤ 1280");
        if (a.S1 is < 0 or > 1132 || a.S2 is < 0 or > 1132) throw Bad("amnezia.S1/S2 must be 0–1132");
        foreach (var h in new[] { a.H1, a.H2, a.H3, a.H4 })
            if (h is < 5 or > uint.MaxValue) throw Bad("amnezia.H1–H4 must be 5–4294967295");
    }

    private static string? ParseList(string? text, Func<string, bool> valid, string error)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0 || !items.All(valid)) throw Bad(error);
        return string.Join(", ", items);
    }

    private static bool IsIpAddress(string text) => IPAddress.TryParse(text, out _) && !text.Contains('/', StringComparison.Ordinal);

    private static bool IsEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out var port) || port is < 1 or > 65535) return false;
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) return IPAddress.TryParse(host[1..^1], out _);
        return !host.Contains(':', StringComparison.Ordinal) && Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4;
    }

    private static VpnBackendException Bad(string what) => new(VpnBackendError.Misconfigured, $"Settings {Section}: {what}.");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,14}$")]
    private static partial Regex InterfacePattern();

    [GeneratedRegex("^(?:(?:/[A-Za-z0-9_.-]+)+/)?a?wg$")]
    private static partial Regex BinaryPattern();

    [GeneratedRegex("^(?:|sudo -n|(?:sudo -n )?ip netns exec [A-Za-z0-9][A-Za-z0-9_.-]{0,62})$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^(?:/[A-Za-z0-9_.-]+)+\\.conf$")]
    private static partial Regex ConfigPathPattern();
}
