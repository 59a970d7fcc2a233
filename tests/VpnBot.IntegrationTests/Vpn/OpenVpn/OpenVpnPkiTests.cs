using System.Globalization;
using System.Security.Cryptography;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Vpn;
using VpnBot.TestKit.RealVpn;
using VpnBot.Vpn.OpenVpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.IntegrationTests.Vpn.OpenVpn;

/// <summary>The PKI pieces one by one, checked with the real openssl and openvpn tools.</summary>
public sealed class OpenVpnPkiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private string _dir = null!;

    public Task InitializeAsync()
    {
        RealVpnMachine.Require("openssl", "openvpn");
        _dir = Directory.CreateTempSubdirectory("vpnbot-pki-").FullName;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, true);
        return Task.CompletedTask;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Issued_client_and_server_certificates_verify_against_the_ca_with_the_right_purposes()
    {
        var ca = OpenVpnCertificateAuthority.CreateCa("Test CA", Now, TimeSpan.FromDays(3650));
        using var loaded = OpenVpnCertificateAuthority.Load(ca.CertificatePem, ca.PrivateKeyPem);
        var client = OpenVpnCertificateAuthority.IssueClient(loaded, "tg_1_1", Now, Now.AddDays(30));
        var server = OpenVpnCertificateAuthority.IssueServer(loaded, "vpn.example.test", Now, Now.AddDays(365));
        var caFile = Write("ca.crt", ca.CertificatePem);

        Assert.Contains(": OK", await Exec.CheckAsync("openssl", "verify", "-CAfile", caFile, "-purpose", "sslclient", Write("c.crt", client.CertificatePem)), StringComparison.Ordinal);
        Assert.Contains(": OK", await Exec.CheckAsync("openssl", "verify", "-CAfile", caFile, "-purpose", "sslserver", Write("s.crt", server.CertificatePem)), StringComparison.Ordinal);
        // Each certificate is refused for the other side's role, as `remote-cert-tls` requires.
        Assert.NotEqual(0, (await Exec.RunAsync("openssl", ["verify", "-CAfile", caFile, "-purpose", "sslserver", Path.Combine(_dir, "c.crt")])).ExitCode);

        var text = await Exec.CheckAsync("openssl", "x509", "-in", Path.Combine(_dir, "c.crt"), "-noout", "-text", "-serial", "-enddate");
        Assert.Contains("TLS Web Client Authentication", text, StringComparison.Ordinal);
        Assert.Contains("Digital Signature", text, StringComparison.Ordinal);
        Assert.Contains("CA:FALSE", text, StringComparison.Ordinal);
        Assert.Contains("CN=tg_1_1", text.Replace(" = ", "=", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("serial=" + client.SerialNumber, text, StringComparison.Ordinal);
        Assert.Contains("notAfter=" + Now.AddDays(30).UtcDateTime.ToString("MMM d HH:mm", CultureInfo.InvariantCulture),
            System.Text.RegularExpressions.Regex.Replace(text, " +", " "), StringComparison.Ordinal);
        // The private key is an unencrypted PKCS#8 key matching the certificate.
        var keyPub = await Exec.CheckAsync("openssl", "pkey", "-in", Write("c.key", client.PrivateKeyPem), "-pubout");
        Assert.Equal(keyPub, await Exec.CheckAsync("openssl", "x509", "-in", Path.Combine(_dir, "c.crt"), "-noout", "-pubkey"));
    }

    [Fact]
    public void Serial_numbers_are_unique_and_random()
    {
        var ca = OpenVpnCertificateAuthority.CreateCa("Test CA", Now, TimeSpan.FromDays(30));
        using var loaded = OpenVpnCertificateAuthority.Load(ca.CertificatePem, ca.PrivateKeyPem);
        var serials = Enumerable.Range(0, 200).Select(_ => OpenVpnCertificateAuthority.IssueClient(loaded, "x", Now, Now.AddDays(1)).SerialNumber).ToList();
        Assert.Equal(200, serials.Distinct().Count());
        Assert.All(serials, s => Assert.Equal(32, s.Length));
    }

    [Fact]
    public async Task The_crl_lists_revoked_and_held_serials_and_openssl_rejects_them()
    {
        var ca = OpenVpnCertificateAuthority.CreateCa("Test CA", Now, TimeSpan.FromDays(3650));
        using var loaded = OpenVpnCertificateAuthority.Load(ca.CertificatePem, ca.PrivateKeyPem);
        var revoked = OpenVpnCertificateAuthority.IssueClient(loaded, "gone", Now, Now.AddDays(30));
        var held = OpenVpnCertificateAuthority.IssueClient(loaded, "paused", Now, Now.AddDays(30));
        var fine = OpenVpnCertificateAuthority.IssueClient(loaded, "fine", Now, Now.AddDays(30));
        var crl = OpenVpnCertificateAuthority.BuildCrl(loaded, [
            new CertificateRevocation { SerialNumber = revoked.SerialNumber, ExternalName = "gone", RevokedAt = Now },
            new CertificateRevocation { SerialNumber = held.SerialNumber, ExternalName = "paused", RevokedAt = Now, IsHold = true },
        ], 42, Now, Now.AddDays(3650));
        var caFile = Write("ca.crt", ca.CertificatePem);
        var crlFile = Write("crl.pem", crl);

        var text = await Exec.CheckAsync("openssl", "crl", "-in", crlFile, "-noout", "-text", "-CAfile", caFile);
        Assert.Contains("Serial Number: " + revoked.SerialNumber, text, StringComparison.Ordinal);
        Assert.Contains("Serial Number: " + held.SerialNumber, text, StringComparison.Ordinal);
        Assert.DoesNotContain(fine.SerialNumber, text, StringComparison.Ordinal);
        Assert.Contains("Certificate Hold", text, StringComparison.Ordinal);
        Assert.Matches(@"CRL Number:\s+42", text);

        foreach (var (cert, ok) in new[] { (revoked, false), (held, false), (fine, true) })
        {
            var result = await Exec.RunAsync("openssl", ["verify", "-crl_check", "-CAfile", caFile, "-CRLfile", crlFile, Write("v.crt", cert.CertificatePem)]);
            Assert.True(ok == (result.ExitCode == 0), result.Describe());
            if (!ok) Assert.Contains("certificate revoked", result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_operators_rsa_ca_made_with_openssl_can_be_imported_and_signs()
    {
        var key = Path.Combine(_dir, "op.key");
        var cert = Path.Combine(_dir, "op.crt");
        await Exec.CheckAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "30",
            "-subj", "/CN=Operator CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        var server = NewServer();
        new OpenVpnSetup(_protector, TimeProvider.System).ImportAuthority(server, await File.ReadAllTextAsync(cert), await File.ReadAllTextAsync(key));
        var settings = OpenVpnServer.From(server, _protector);
        using var ca = settings.LoadCa();
        var client = OpenVpnCertificateAuthority.IssueClient(ca, "tg_9_1", Now, Now.AddDays(400));
        Assert.Contains(": OK", await Exec.CheckAsync("openssl", "verify", "-CAfile", cert, Write("i.crt", client.CertificatePem)), StringComparison.Ordinal);
        // Capped at the CA's own expiry.
        Assert.True(client.NotAfter <= ca.NotAfter);
        var crl = Write("i.crl", OpenVpnCertificateAuthority.BuildCrl(ca, [], 1, Now, Now.AddDays(10)));
        var check = await Exec.RunAsync("openssl", ["crl", "-in", crl, "-noout", "-CAfile", cert]);
        Assert.Contains("verify OK", check.Stdout + check.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_ca_certificate_or_a_mismatched_key_is_refused_on_import()
    {
        var key = Path.Combine(_dir, "leaf.key");
        var cert = Path.Combine(_dir, "leaf.crt");
        await Exec.CheckAsync("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
            "-days", "30", "-subj", "/CN=Leaf", "-addext", "basicConstraints=critical,CA:FALSE");
        var setup = new OpenVpnSetup(_protector, TimeProvider.System);
        var e = Assert.Throws<VpnBackendException>(() => setup.ImportAuthority(NewServer(), File.ReadAllText(cert), File.ReadAllText(key)));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);

        var other = OpenVpnCertificateAuthority.CreateCa("Other", Now, TimeSpan.FromDays(30));
        var ca = OpenVpnCertificateAuthority.CreateCa("Mine", Now, TimeSpan.FromDays(30));
        e = Assert.Throws<VpnBackendException>(() => setup.ImportAuthority(NewServer(), ca.CertificatePem, other.PrivateKeyPem));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
        Assert.DoesNotContain("PRIVATE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_keys_match_what_openvpn_genkey_writes()
    {
        var theirs = Path.Combine(_dir, "theirs.key");
        await Exec.CheckAsync("openvpn", "--genkey", "secret", theirs);
        Assert.True(OpenVpnStaticKey.IsValid(await File.ReadAllTextAsync(theirs)));
        var ours = OpenVpnStaticKey.Generate();
        Assert.True(OpenVpnStaticKey.IsValid(ours));
        Assert.NotEqual(ours, OpenVpnStaticKey.Generate());
        Assert.False(OpenVpnStaticKey.IsValid(ours.Replace("-----END", "x-----END", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("proto", "icmp")]
    [InlineData("crlPath", "/etc/openvpn/../shadow")]
    [InlineData("crlPath", "crl.pem")]
    [InlineData("remote", "vpn example")]
    [InlineData("caPrivateKey", "plaintext")]
    public void Bad_settings_are_misconfigured(string field, string value)
    {
        var server = NewServer();
        new OpenVpnSetup(_protector, TimeProvider.System).CreateAuthority(server, "CA");
        var json = System.Text.Json.Nodes.JsonNode.Parse(server.Settings)!;
        json["openvpn"]![field] = value;
        server.Settings = json.ToJsonString();
        var e = Assert.Throws<VpnBackendException>(() => OpenVpnServer.From(server, _protector));
        Assert.Equal(VpnBackendError.Misconfigured, e.Error);
    }

    private Server NewServer()
    {
        var server = new Server { Id = 1, Name = "s", Location = "l", CountryCode = "NL", IpAddress = "127.0.0.1" };
        server.SetSection(OpenVpnServer.Section, new OpenVpnSettings
        {
            Ssh = new SshSettings
            {
                Host = "127.0.0.1", Username = "root", SshPrivateKey = _protector.Protect("k"),
                HostKeySha256 = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('='),
            },
            Remote = "vpn.example.test", Port = 1194, Proto = "udp", CrlPath = "/etc/openvpn/server/crl.pem",
        });
        return server;
    }
}
