namespace VpnBot.Vpn.OpenVpn;

/// <summary>A certificate and its private key (PKCS#8), both PEM. Its ToString never shows the key.</summary>
public sealed class IssuedCertificate(string certificatePem, string privateKeyPem, string serialNumber, DateTimeOffset notAfter)
{
    public string CertificatePem { get; } = certificatePem;
    public string PrivateKeyPem { get; } = privateKeyPem;

    /// <summary>Upper-case hex, as openssl prints it.</summary>
    public string SerialNumber { get; } = serialNumber;
    public DateTimeOffset NotAfter { get; } = notAfter;

    public override string ToString() => $"certificate {SerialNumber} valid until {NotAfter:u}";
}
