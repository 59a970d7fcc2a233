namespace VpnBot.Vpn.Ssh;

/// <summary>
/// The "ssh" object inside a protocol's server settings section, as stored: the private key is
/// encrypted ("enc:v1:...", SecretProtector) and the host key is pinned by its SHA-256 fingerprint
/// (as `ssh-keygen -lf key.pub` prints it, with or without the "SHA256:" prefix).
/// </summary>
public sealed record SshSettings
{
    public string? Host { get; init; }
    public int Port { get; init; } = 22;
    public string? Username { get; init; }
    public string? SshPrivateKey { get; init; }
    public string? HostKeySha256 { get; init; }
}
