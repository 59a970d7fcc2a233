using VpnBot.Vpn.Ssh;

namespace VpnBot.Vpn.WireGuard;

/// <summary>
/// The remote command lines, every value shell-quoted. The preshared key never appears here: it
/// arrives on stdin and goes to a mktemp file (0600 under umask 077) that a trap removes on exit,
/// because a command line is visible to every user through `ps`.
/// </summary>
internal sealed class WireGuardCommands(WireGuardServer server)
{
    public string AddPeer(string publicKey, string address) =>
        "umask 077 && psk=$(mktemp) && trap 'rm -f -- \"$psk\"' EXIT && cat > \"$psk\" && "
        + Wg("set", server.Interface, "peer", publicKey) + " preshared-key \"$psk\" allowed-ips " + ShellQuote.Quote(address + "/32")
        + Persist();

    public string RemovePeer(string publicKey) => Wg("set", server.Interface, "peer", publicKey, "remove") + Persist();

    /// <summary>Public keys and byte counters; unlike `wg show dump` it carries no private or preshared key.</summary>
    public string Transfer() => Wg("show", server.Interface, "transfer");

    public string LatestHandshakes() => Wg("show", server.Interface, "latest-handshakes");

    private string Persist() => server.SaveTarget is null ? "" : " && " + ShellQuote.Join([.. server.WgQuick, "save", server.SaveTarget]);

    private string Wg(params string[] arguments) => ShellQuote.Join([.. server.Wg, .. arguments]);
}
