using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace VpnBot.Core.Security;

/// <summary>
/// The names a secret may have inside a server's settings JSON. Anything so named is
/// encrypted before it is stored and masked whenever settings are shown or logged.
/// </summary>
public static class ServerSecrets
{
    public static readonly FrozenSet<string> Names = new[]
    {
        "password", "apiToken", "privateKey", "sshPrivateKey", "caPrivateKey", "tlsCryptKey", "serverPrivateKey", "presharedKey",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Encrypts every secret-named string value that is not encrypted yet.</summary>
    public static void Protect(JsonNode? node, SecretProtector protector) => Walk(node, (obj, key, value) =>
    {
        if (!SecretProtector.IsProtected(value)) obj[key] = protector.Protect(value);
    });

    /// <summary>
    /// Binds every secret-named value of one server's settings to that server and its field: plain values are
    /// encrypted, old unbound ones re-encrypted; a bound value from another place is refused (CryptographicException).
    /// Returns how many values changed. This is the migration of values stored before the binding.
    /// </summary>
    public static int Bind(JsonNode? settings, long serverId, SecretProtector protector)
    {
        var changed = 0;
        Walk(settings, (obj, key, value) =>
        {
            var context = SecretContext.ServerSetting(serverId, PathOf(obj, key));
            var bound = SecretProtector.IsProtected(value) ? protector.Rebind(value, context) : protector.Protect(value, context);
            if (bound == value) return;
            obj[key] = bound;
            changed++;
        });
        return changed;
    }

    /// <summary>"vless.password", "wireguard.ssh.sshPrivateKey": the field's place inside the settings (array items by index).</summary>
    public static string PathOf(JsonNode parent, string key) =>
        parent.GetPath() is "$" ? key : parent.GetPath().TrimStart('$', '.') + "." + key;

    /// <summary>Replaces every secret-named value with "***" (for display and logs).</summary>
    public static void Mask(JsonNode? node) => Walk(node, (obj, key, _) => obj[key] = "***");

    private static void Walk(JsonNode? node, Action<JsonObject, string, string> onSecret)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (Names.Contains(key) && value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0)
                        onSecret(obj, key, s);
                    else
                        Walk(value, onSecret);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Walk(item, onSecret);
                break;
        }
    }
}
