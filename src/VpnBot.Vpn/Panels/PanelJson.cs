using System.Globalization;
using System.Text.Json.Nodes;

namespace VpnBot.Vpn.Panels;

/// <summary>Lenient readers for panel JSON: panels change number and string shapes between versions.</summary>
internal static class PanelJson
{
    public static string String(JsonNode? node) =>
        node is JsonValue v ? v.TryGetValue<string>(out var s) ? s : v.ToJsonString() : "";

    public static long Long(JsonNode? node)
    {
        if (node is not JsonValue v) return 0;
        // Parsed JSON converts freely; values set from C# only convert to their own type.
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<double>(out var d)) return (long)d;
        return v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out l) ? l : 0;
    }
}
