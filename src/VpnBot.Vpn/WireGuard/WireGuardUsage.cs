using System.Globalization;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.WireGuard;

/// <summary>Reads `wg show IF transfer` and `wg show IF latest-handshakes` (tab-separated, one peer a line).</summary>
public static class WireGuardUsage
{
    /// <summary>WireGuard rekeys every 2 minutes while traffic flows and gives up a session after 3: a handshake this recent means connected.</summary>
    public static readonly TimeSpan OnlineWindow = TimeSpan.FromMinutes(3);

    /// <summary>Null when the peer is not on the interface (removed or never added).</summary>
    public static ClientUsage? Parse(string transfer, string latestHandshakes, string publicKey, DateTimeOffset now)
    {
        var counters = Find(transfer, publicKey);
        if (counters is not [_, var rx, var tx]) return null;
        DateTimeOffset? lastSeen = null;
        if (Find(latestHandshakes, publicKey) is [_, var epoch] && long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            lastSeen = DateTimeOffset.FromUnixTimeSeconds(seconds);
        // The server receives what the client uploads.
        return new ClientUsage(
            UploadBytes: long.Parse(rx, NumberStyles.None, CultureInfo.InvariantCulture),
            DownloadBytes: long.Parse(tx, NumberStyles.None, CultureInfo.InvariantCulture),
            LastSeen: lastSeen,
            Online: lastSeen is { } seen && now - seen < OnlineWindow);
    }

    private static string[]? Find(string output, string publicKey) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .FirstOrDefault(fields => fields[0] == publicKey && fields.Skip(1).All(f => f.Length > 0 && f.All(char.IsAsciiDigit)));
}
