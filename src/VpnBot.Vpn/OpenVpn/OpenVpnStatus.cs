using System.Globalization;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>
/// Reads an OpenVPN server status file in any of its three versions: v1 ("OpenVPN CLIENT LIST" then
/// "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since"), v2 (comma-separated CLIENT_LIST rows
/// described by a HEADER,CLIENT_LIST row) and v3 (the same, tab-separated). Bytes received by the server are the
/// client's upload.
/// </summary>
public static class OpenVpnStatus
{
    public static ClientUsage UsageOf(string status, string commonName, DateTimeOffset now)
    {
        foreach (var row in ClientRows(status))
        {
            if (!row.TryGetValue("Common Name", out var cn) || !string.Equals(cn, commonName, StringComparison.Ordinal)) continue;
            var received = Number(row, "Bytes Received");
            var sent = Number(row, "Bytes Sent");
            return new ClientUsage(UploadBytes: received, DownloadBytes: sent, LastSeen: now, Online: true);
        }
        return new ClientUsage(0, 0, LastSeen: null, Online: false);
    }

    /// <summary>Every connected client as column name → value.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> ClientRows(string status)
    {
        string[]? header = null;
        var inV1List = false;
        foreach (var raw in status.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            var separator = line.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
            var fields = line.Split(separator);
            switch (fields[0])
            {
                case "HEADER" when fields.Length > 2 && fields[1] == "CLIENT_LIST":
                    header = fields[2..];
                    continue;
                case "CLIENT_LIST" when header is not null:
                    yield return Zip(header, fields[1..]);
                    continue;
                case "OpenVPN CLIENT LIST":
                    inV1List = true;
                    continue;
                case "ROUTING TABLE" or "GLOBAL STATS" or "END":
                    inV1List = false;
                    continue;
            }
            if (!inV1List || fields[0] == "Updated") continue;
            if (fields[0] == "Common Name") { header = fields; continue; }
            if (header is not null) yield return Zip(header, fields);
        }
    }

    private static Dictionary<string, string> Zip(string[] header, string[] values)
    {
        var row = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length && i < values.Length; i++) row[header[i]] = values[i];
        return row;
    }

    private static long Number(IReadOnlyDictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
