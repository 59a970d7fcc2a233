using System.Globalization;
using System.Text;

namespace VpnBot.Vpn.Panels;

/// <summary>
/// A vless:// share link: <c>vless://uuid@host:port?query#remark</c>. Query values and the remark
/// are percent-encoded with <see cref="Uri.EscapeDataString"/> (space as %20, never '+', because
/// some clients form-decode and others do not); keys are written sorted, as 3X-UI's server does.
/// </summary>
public sealed class VlessLink
{
    private const string Scheme = "vless://";

    public VlessLink(string id, string host, int port, IReadOnlyDictionary<string, string> query, string remark)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("A VLESS link needs the client id.", nameof(id));
        if (string.IsNullOrWhiteSpace(host)) throw new ArgumentException("A VLESS link needs a host.", nameof(host));
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Id = id;
        Host = host.Trim('[', ']');
        Port = port;
        Query = new SortedDictionary<string, string>(query.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        Remark = remark;
    }

    public string Id { get; }
    public string Host { get; }
    public int Port { get; }
    public IReadOnlyDictionary<string, string> Query { get; }
    public string Remark { get; }

    public string? Type => Get("type");
    public string? Security => Get("security");
    public string? Encryption => Get("encryption");
    public string? Flow => Get("flow");
    public string? PublicKey => Get("pbk");
    public string? ShortId => Get("sid");
    public string? ServerName => Get("sni");
    public string? Fingerprint => Get("fp");
    public string? SpiderX => Get("spx");

    public string? Get(string key) => Query.TryGetValue(key, out var value) ? value : null;

    public override string ToString()
    {
        var text = new StringBuilder(Scheme).Append(Id).Append('@');
        text.Append(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host);
        text.Append(':').Append(Port.ToString(CultureInfo.InvariantCulture));
        if (Query.Count > 0)
            text.Append('?').AppendJoin('&', Query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        if (Remark.Length > 0) text.Append('#').Append(Uri.EscapeDataString(Remark));
        return text.ToString();
    }

    public static VlessLink Parse(string link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) throw new FormatException("Not a vless:// link.");
        var rest = link[Scheme.Length..];
        var remark = "";
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            remark = Uri.UnescapeDataString(rest[(hash + 1)..]);
            rest = rest[..hash];
        }
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                if (!query.TryAdd(key, value)) throw new FormatException($"The query key '{key}' appears twice.");
            }
            rest = rest[..question];
        }
        rest = rest.TrimEnd('/');
        var at = rest.LastIndexOf('@');
        if (at <= 0) throw new FormatException("The link has no client id before '@'.");
        var id = Uri.UnescapeDataString(rest[..at]);
        var (host, port) = SplitHostPort(rest[(at + 1)..]);
        return new VlessLink(id, host, port, query, remark);
    }

    private static (string Host, int Port) SplitHostPort(string authority)
    {
        string host, portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= authority.Length || authority[close + 1] != ':') throw new FormatException("Bad IPv6 host or missing port.");
            host = authority[1..close];
            portText = authority[(close + 2)..];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon <= 0) throw new FormatException("The link has no port.");
            host = authority[..colon];
            portText = authority[(colon + 1)..];
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"'{portText}' is not a port.");
        return (host, port);
    }
}
