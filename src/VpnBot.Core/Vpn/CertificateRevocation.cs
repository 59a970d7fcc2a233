namespace VpnBot.Core.Vpn;

/// <summary>
/// A client certificate on a server's certificate revocation list. The CRL pushed to the server is rebuilt
/// from these rows every time, so they must outlive the configs they revoke. A hold (a disabled subscription)
/// can be lifted again; a revocation is final.
/// </summary>
public class CertificateRevocation
{
    public long Id { get; set; }
    public long ServerId { get; set; }

    /// <summary>Certificate serial number as upper-case hex, as openssl prints it.</summary>
    public required string SerialNumber { get; set; }
    public required string ExternalName { get; set; }
    public DateTimeOffset RevokedAt { get; set; }

    /// <summary>True for certificateHold (lifted when the subscription is enabled again).</summary>
    public bool IsHold { get; set; }
}
