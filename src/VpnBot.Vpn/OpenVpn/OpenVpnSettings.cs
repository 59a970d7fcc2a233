using VpnBot.Vpn.Ssh;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>The "openvpn" section of a server's settings, as stored (secrets encrypted). Validated by <see cref="OpenVpnServer"/>.</summary>
public sealed record OpenVpnSettings
{
    /// <summary>SSH access used to push the CRL; the user must be able to write <see cref="CrlPath"/>.</summary>
    public SshSettings? Ssh { get; init; }
    public string? CaCertificate { get; init; }
    public string? CaPrivateKey { get; init; }
    public string? TlsCryptKey { get; init; }

    /// <summary>Host name or address clients dial.</summary>
    public string? Remote { get; init; }
    public int? Port { get; init; }

    /// <summary>"udp" (default) or "tcp".</summary>
    public string? Proto { get; init; }

    /// <summary>Absolute path of the file the server's `crl-verify` reads.</summary>
    public string? CrlPath { get; init; }

    /// <summary>The server's `status` file (status-version 1, 2 or 3); when set, usage is read from it over SSH.</summary>
    public string? StatusPath { get; init; }

    /// <summary>Client certificates stay valid this long past the subscription's expiry (default 365), so renewals keep the profile working.</summary>
    public int? CertificateMarginDays { get; init; }
}
