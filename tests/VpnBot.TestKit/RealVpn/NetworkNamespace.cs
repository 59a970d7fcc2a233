namespace VpnBot.TestKit.RealVpn;

/// <summary>
/// A network namespace created by a test (`ip netns add`), deleted on dispose with everything in it.
/// Only documentation-range and tunnel addresses live inside; nothing is routed to the outside.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private readonly List<BackgroundProcess> _processes = [];

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<NetworkNamespace> CreateAsync(string name)
    {
        RealVpnMachine.Require("ip");
        await Exec.CheckAsync("ip", "netns", "add", name);
        var ns = new NetworkNamespace(name);
        await ns.CheckAsync("ip", "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Connects two namespaces with a veth pair and gives each end an address (CIDR).</summary>
    public static async Task LinkAsync(NetworkNamespace a, string aInterface, string aAddress, NetworkNamespace b, string bInterface, string bAddress)
    {
        await Exec.CheckAsync("ip", "link", "add", aInterface, "netns", a.Name, "type", "veth", "peer", "name", bInterface, "netns", b.Name);
        await a.CheckAsync("ip", "addr", "add", aAddress, "dev", aInterface);
        await b.CheckAsync("ip", "addr", "add", bAddress, "dev", bInterface);
        await a.CheckAsync("ip", "link", "set", aInterface, "up");
        await b.CheckAsync("ip", "link", "set", bInterface, "up");
    }

    public Task<ExecResult> RunAsync(params string[] command) => Exec.RunAsync("ip", ["netns", "exec", Name, .. command]);

    public Task<string> CheckAsync(params string[] command) => Exec.CheckAsync("ip", ["netns", "exec", Name, .. command]);

    public Task<string> CheckInputAsync(string stdin, params string[] command) => Exec.CheckInputAsync("ip", stdin, ["netns", "exec", Name, .. command]);

    /// <summary>Starts wireguard-go in the foreground inside the namespace and waits for its interface.</summary>
    public async Task StartWireGuardGoAsync(string interfaceName)
    {
        RealVpnMachine.Require("wireguard-go", "wg");
        var process = BackgroundProcess.Start("ip", ["netns", "exec", Name, "wireguard-go", "-f", interfaceName],
            new Dictionary<string, string> { ["WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD"] = "1" });
        _processes.Add(process);
        for (var i = 0; i < 100; i++)
        {
            if ((await RunAsync("wg", "show", interfaceName)).ExitCode == 0) return;
            if (process.HasExited) break;
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"wireguard-go {interfaceName} did not come up in {Name}:\n{process.Output}");
    }

    /// <summary>True when one ping to <paramref name="address"/> is answered within <paramref name="tries"/> attempts of a second each.</summary>
    public async Task<bool> PingAsync(string address, int tries)
    {
        for (var i = 0; i < tries; i++)
            if ((await RunAsync("ping", "-c", "1", "-W", "1", address)).ExitCode == 0) return true;
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes) await p.DisposeAsync();
        await Exec.RunAsync("ip", ["netns", "del", Name]);
    }
}
