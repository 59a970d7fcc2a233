using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>
/// The certificate authority for one OpenVPN server, on .NET's own X.509 builders: the extensions follow
/// easy-rsa's x509-types (server: serverAuth; client: clientAuth, digitalSignature), so OpenVPN's
/// `remote-cert-tls` checks pass. New keys are ECDSA P-256; an imported RSA or ECDSA CA signs just as well.
/// </summary>
public static class OpenVpnCertificateAuthority
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static IssuedCertificate CreateCa(string commonName, DateTimeOffset now, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var cert = request.CreateSelfSigned(now.AddHours(-1), now + validity);
        return new IssuedCertificate(cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), cert.SerialNumber, cert.NotAfter);
    }

    /// <summary>The CA with its key, checked to be usable for issuing and for CRLs; otherwise Misconfigured.</summary>
    public static X509Certificate2 Load(string certificatePem, string privateKeyPem)
    {
        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(certificatePem, privateKeyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new VpnBackendException(VpnBackendError.Misconfigured,
                "Settings openvpn: caCertificate/caPrivateKey are not a PEM certificate with its matching unencrypted private key.", e);
        }
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var usage = ca.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (constraints?.CertificateAuthority != true
            || (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign)))
        {
            ca.Dispose();
            throw new VpnBackendException(VpnBackendError.Misconfigured,
                "Settings openvpn: caCertificate is not a CA certificate allowed to sign certificates and CRLs.");
        }
        return ca;
    }

    public static IssuedCertificate IssueClient(X509Certificate2 ca, string commonName, DateTimeOffset now, DateTimeOffset notAfter) =>
        Issue(ca, commonName, now, notAfter, ClientAuth, X509KeyUsageFlags.DigitalSignature);

    public static IssuedCertificate IssueServer(X509Certificate2 ca, string commonName, DateTimeOffset now, DateTimeOffset notAfter) =>
        Issue(ca, commonName, now, notAfter, ServerAuth, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement);

    /// <summary>A PEM CRL listing the given revocations; holds carry reason certificateHold.</summary>
    public static string BuildCrl(X509Certificate2 ca, IEnumerable<CertificateRevocation> revocations, BigInteger number,
        DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var r in revocations)
            builder.AddEntry(Convert.FromHexString(r.SerialNumber), r.RevokedAt,
                r.IsHold ? X509RevocationReason.CertificateHold : X509RevocationReason.CessationOfOperation);
        var der = builder.Build(ca, number, nextUpdate, HashAlgorithmName.SHA256,
            ca.GetRSAPrivateKey() is null ? null : RSASignaturePadding.Pkcs1, thisUpdate);
        return PemEncoding.WriteString("X509 CRL", der) + "\n";
    }

    private static IssuedCertificate Issue(X509Certificate2 ca, string commonName, DateTimeOffset now, DateTimeOffset notAfter,
        Oid purpose, X509KeyUsageFlags usage)
    {
        var notBefore = now.AddHours(-1); // tolerate clients whose clocks run a little behind
        if (notAfter > ca.NotAfter) notAfter = ca.NotAfter;
        if (notAfter <= now)
            throw new VpnBackendException(VpnBackendError.Misconfigured, "The OpenVPN CA expires before the certificate would start; renew the CA.");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([purpose], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = NewSerial();
        using var cert = request.Create(ca.SubjectName, SignatureGenerator(ca), notBefore, notAfter, serial);
        return new IssuedCertificate(cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), Convert.ToHexString(serial), cert.NotAfter);
    }

    /// <summary>128 random bits, positive, with no leading zero byte (so openssl prints the same hex).</summary>
    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }

    private static X509SignatureGenerator SignatureGenerator(X509Certificate2 ca) =>
        ca.GetECDsaPrivateKey() is { } ec ? X509SignatureGenerator.CreateForECDsa(ec)
        : ca.GetRSAPrivateKey() is { } rsa ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
        : throw new VpnBackendException(VpnBackendError.Misconfigured, "Settings openvpn: the CA key must be RSA or ECDSA.");

    private static X500DistinguishedName Subject(string commonName)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        return name.Build();
    }
}
