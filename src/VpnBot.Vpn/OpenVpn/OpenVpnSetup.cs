using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>
/// One-time setup of a server's "openvpn" section, for the admin CLI: create a CA (or import the operator's),
/// generate the tls-crypt key, and issue the certificate the operator installs in the OpenVPN server config.
/// Secrets are written encrypted; the caller saves the server afterwards.
/// </summary>
public sealed class OpenVpnSetup(SecretProtector protector, TimeProvider time)
{
    public static readonly TimeSpan CaValidity = TimeSpan.FromDays(3650);

    /// <summary>Writes a new CA and tls-crypt key into the server's section, keeping its other fields (remote, port, ssh, ...).</summary>
    public void CreateAuthority(Server server, string caCommonName)
    {
        var ca = OpenVpnCertificateAuthority.CreateCa(caCommonName, time.GetUtcNow(), CaValidity);
        Write(server, ca.CertificatePem, ca.PrivateKeyPem);
    }

    /// <summary>Imports the operator's existing CA (PEM certificate and unencrypted PEM key); refuses a non-CA or a mismatched key.</summary>
    public void ImportAuthority(Server server, string caCertificatePem, string caPrivateKeyPem, string? tlsCryptKey = null)
    {
        OpenVpnCertificateAuthority.Load(caCertificatePem, caPrivateKeyPem).Dispose();
        if (tlsCryptKey is not null && !OpenVpnStaticKey.IsValid(tlsCryptKey))
            throw new VpnBackendException(VpnBackendError.Misconfigured, "The tls-crypt key is not an OpenVPN static key V1.");
        Write(server, caCertificatePem, caPrivateKeyPem, tlsCryptKey);
    }

    /// <summary>A server certificate (serverAuth) for the operator's server config; not stored here.</summary>
    public IssuedCertificate IssueServerCertificate(Server server, string commonName, TimeSpan validity)
    {
        using var ca = OpenVpnServer.From(server, protector).LoadCa();
        var now = time.GetUtcNow();
        return OpenVpnCertificateAuthority.IssueServer(ca, commonName, now, now + validity);
    }

    private void Write(Server server, string caCertificatePem, string caPrivateKeyPem, string? tlsCryptKey = null)
    {
        var current = server.HasSection(OpenVpnServer.Section) ? OpenVpnServer.Read(server) : new OpenVpnSettings();
        server.SetSection(OpenVpnServer.Section, current with
        {
            CaCertificate = caCertificatePem,
            CaPrivateKey = Protect(server, "caPrivateKey", caPrivateKeyPem),
            TlsCryptKey = Protect(server, "tlsCryptKey", tlsCryptKey ?? OpenVpnStaticKey.Generate()),
        });
    }

    // Bound to the server and field once the server has its id; a server not saved yet gets the unbound form,
    // which `migrate` binds later.
    private string Protect(Server server, string field, string value) => server.Id > 0
        ? protector.Protect(value, SecretContext.ServerSetting(server.Id, OpenVpnServer.Section + "." + field))
        : protector.Protect(value);
}
