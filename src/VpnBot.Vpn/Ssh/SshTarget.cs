using System.Security.Cryptography;
using System.Text.RegularExpressions;
using VpnBot.Core.Security;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.Ssh;

/// <summary>
/// Validated, decrypted SSH access to one server. Built only through <see cref="From"/>, so a
/// target in hand is known to be complete; its <see cref="ToString"/> never shows the key.
/// </summary>
public sealed partial class SshTarget
{
    private SshTarget(string host, int port, string username, string privateKeyPem, string hostKeySha256)
    {
        Host = host;
        Port = port;
        Username = username;
        PrivateKeyPem = privateKeyPem;
        HostKeySha256 = hostKeySha256;
    }

    public string Host { get; }
    public int Port { get; }
    public string Username { get; }
    internal string PrivateKeyPem { get; }

    /// <summary>Unpadded base64 of the SHA-256 of the host key blob, as OpenSSH prints it (without "SHA256:").</summary>
    public string HostKeySha256 { get; }

    public override string ToString() => $"{Username}@{Host}:{Port}";

    /// <param name="section">The settings section ("wireguard.ssh"), for error messages and the key's place.</param>
    /// <param name="serverId">The server the settings belong to: the encrypted key is bound to it.</param>
    public static SshTarget From(SshSettings? settings, SecretProtector protector, string section, long serverId)
    {
        if (settings is null) throw Bad(section, "is missing");
        var host = settings.Host?.Trim();
        if (string.IsNullOrEmpty(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw Bad(section, "host must be a host name or IP address");
        if (settings.Port is < 1 or > 65535) throw Bad(section, "port must be between 1 and 65535");
        var user = settings.Username?.Trim();
        if (string.IsNullOrEmpty(user) || !UserPattern().IsMatch(user))
            throw Bad(section, "username must be a plain Unix user name");
        return new SshTarget(host, settings.Port, user, DecryptKey(settings.SshPrivateKey, protector, section, serverId),
            NormalizeFingerprint(settings.HostKeySha256) ?? throw Bad(section,
                "hostKeySha256 must be the server's SHA-256 host key fingerprint (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)"));
    }

    /// <summary>"SHA256:abc..." or "abc...=" → "abc..." when it is a 32-byte hash; null otherwise.</summary>
    public static string? NormalizeFingerprint(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) text = text[7..];
        text = text.TrimEnd('=');
        var padded = text + new string('=', (4 - text.Length % 4) % 4);
        try
        {
            return Convert.FromBase64String(padded).Length == 32 ? text : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string DecryptKey(string? stored, SecretProtector protector, string section, long serverId)
    {
        if (string.IsNullOrWhiteSpace(stored)) throw Bad(section, "sshPrivateKey is missing");
        if (!SecretProtector.IsProtected(stored)) throw Bad(section, "sshPrivateKey must be stored encrypted");
        try
        {
            return protector.Unprotect(stored, SecretContext.ServerSetting(serverId, section + ".sshPrivateKey"));
        }
        catch (CryptographicException e)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured,
                $"Settings {section}: sshPrivateKey cannot be decrypted with this installation's key, or it was copied from another server or field.", e);
        }
    }

    private static VpnBackendException Bad(string section, string what) =>
        new(VpnBackendError.Misconfigured, $"Settings {section}: {what}.");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]{0,31}$")]
    private static partial Regex UserPattern();
}
