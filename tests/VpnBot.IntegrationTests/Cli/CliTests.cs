using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VpnBot.Core;
using VpnBot.Core.Security;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Vpn;
using VpnBot.Host.Cli;
using VpnBot.IntegrationTests.Infrastructure;
using VpnBot.TestKit.Database;
using VpnBot.Vpn.OpenVpn;
using VpnBot.Vpn.Ssh;
using VpnBot.Vpn.WireGuard;

namespace VpnBot.IntegrationTests.Cli;

public class CliTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<(int Exit, string Out, string Err)> RunAsync(string? stdin, params string[] args)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _db.ConnectionString,
            ["Security:EncryptionKey"] = TestHost.EncryptionKey,
        }).Build();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliCommands.RunAsync(args, config, stdout, stderr, new StringReader(stdin ?? ""));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Migrate_creates_the_schema_on_an_empty_database_as_a_real_process()
    {
        var admin = await TestServices.PostgresAsync();
        var name = "vpnbot_cli_" + Guid.NewGuid().ToString("N")[..10];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", c).ExecuteNonQueryAsync();
        }
        var env = new Dictionary<string, string?> { ["ConnectionStrings__Postgres"] = TestDatabase.WithDatabase(admin, name) };
        var (exit, stdout, stderr) = await HostProcess.RunAsync(env, "migrate");
        Assert.True(exit == 0, stderr);
        Assert.Contains("Applied", stdout, StringComparison.Ordinal);
        (exit, stdout, _) = await HostProcess.RunAsync(env, "migrate");
        Assert.Equal(0, exit);
        Assert.Contains("up to date", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_admin_makes_a_new_or_existing_user_an_admin_and_audits_it()
    {
        var (exit, output, _) = await RunAsync(null, "create-admin", "424242");
        Assert.Equal(0, exit);
        Assert.Contains("424242", output, StringComparison.Ordinal);
        await using var db = _db.CreateContext();
        Assert.Equal(UserRole.Admin, (await db.Users.SingleAsync(u => u.TelegramId == 424242)).Role);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "create-admin" && a.TargetId == "424242"));
    }

    [Theory]
    [InlineData("create-admin")]
    [InlineData("create-admin", "abc")]
    [InlineData("create-admin", "-5")]
    [InlineData("server")]
    [InlineData("server", "add", "--name", "x")]
    [InlineData("server", "add", "--name", "x", "--location", "L", "--country", "Germany", "--ip", "1.2.3.4", "--protocols", "vless")]
    [InlineData("server", "add", "--name", "x", "--location", "L", "--country", "DE", "--ip", "not-ip", "--protocols", "vless")]
    [InlineData("server", "add", "--name", "x", "--location", "L", "--country", "DE", "--ip", "1.2.3.4", "--protocols", "pptp")]
    [InlineData("server", "show", "nope")]
    [InlineData("plan", "add", "--name", "Month", "--days", "0", "--price", "299", "--currency", "RUB")]
    [InlineData("plan", "add", "--name", "Month", "--days", "30", "--price", "-1", "--currency", "RUB")]
    [InlineData("plan", "add", "--name", "Month", "--days", "30", "--price", "2.999", "--currency", "RUB")]
    [InlineData("plan", "add", "--name", "Month", "--days", "30", "--price", "299", "--currency", "DOGE")]
    [InlineData("plan", "add", "--name", "Month", "--days", "30", "--price", "299", "--currency", "RUB", "--colour", "red")]
    [InlineData("plan", "disable", "999")]
    public async Task Bad_input_prints_a_clear_error_exits_2_and_changes_nothing(params string[] args)
    {
        var (exit, _, err) = await RunAsync(null, args);
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        await using var db = _db.CreateContext();
        Assert.Equal(0, await db.Users.CountAsync() + await db.Servers.CountAsync() + await db.Plans.CountAsync());
    }

    [Fact]
    public async Task Migrate_binds_secrets_stored_in_the_old_format_to_their_server_and_field()
    {
        Assert.Equal(0, (await RunAsync(null, "migrate")).Exit);
        SecretProtector.TryParseKey(TestHost.EncryptionKey, out var key);
        var protector = new SecretProtector(key);
        long id;
        await using (var db = _db.CreateContext())
        {
            var old = new JsonObject { ["vless"] = new JsonObject { ["url"] = "https://p.example/", ["password"] = protector.Protect("old-panel-password") } };
            var server = new Core.Servers.Server
            {
                Name = "old-1", Location = "Germany", CountryCode = "DE", IpAddress = "203.0.113.11", SupportedProtocols = [VpnProtocol.Vless],
                PrimaryProtocol = VpnProtocol.Vless, Settings = old.ToJsonString(), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Servers.Add(server);
            await db.SaveChangesAsync();
            id = server.Id;
        }

        var (exit, output, err) = await RunAsync(null, "migrate");

        Assert.True(exit == 0, err);
        Assert.Contains("Bound 1 stored secret(s) of 1 server(s)", output, StringComparison.Ordinal);
        string stored;
        await using (var db = _db.CreateContext())
            stored = (string)JsonNode.Parse((await db.Servers.SingleAsync(s => s.Id == id)).Settings)!["vless"]!["password"]!;
        Assert.False(SecretProtector.IsUnbound(stored));
        Assert.Equal("old-panel-password", protector.Unprotect(stored, SecretContext.ServerSetting(id, "vless.password")));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(stored, SecretContext.ServerSetting(id + 1, "vless.password")));
        // Run again: nothing left to bind, nothing changed.
        (exit, output, _) = await RunAsync(null, "migrate");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("Bound", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_binds_customer_keys_stored_in_the_old_format_to_their_client_and_their_configs_stay_the_same()
    {
        Assert.Equal(0, (await RunAsync(null, "migrate")).Exit);
        SecretProtector.TryParseKey(TestHost.EncryptionKey, out var key);
        var protector = new SecretProtector(key);
        var wgProvider = new WireGuardProvider(protector, null!, null!, TimeProvider.System, NullLogger<WireGuardProvider>.Instance);
        var ovpnProvider = new OpenVpnProvider(protector, null!, null!, TimeProvider.System, NullLogger<OpenVpnProvider>.Instance);
        // Render reads only the server's settings and the stored config (the SSH runner, allocator and CRL publisher are unused).
        async Task<(string Wg, string Ovpn)> RenderAsync()
        {
            await using var db = _db.CreateContext();
            var configs = await db.VpnConfigs.Include(c => c.Server).OrderBy(c => c.Id).ToListAsync();
            return (Encoding.UTF8.GetString(wgProvider.Render(configs[0].Server!, configs[0]).FileContent!),
                Encoding.UTF8.GetString(ovpnProvider.Render(configs[1].Server!, configs[1]).FileContent!));
        }

        // Rows as an older version wrote them: every secret "enc:v1:", bound to nothing.
        var now = DateTimeOffset.UtcNow;
        var privateKey = WireGuardKeys.GeneratePrivateKey();
        var wgOld = new WireGuardConfigData(WireGuardKeys.PublicKeyOf(privateKey), protector.Protect(privateKey),
            protector.Protect(WireGuardKeys.GeneratePresharedKey()), "10.8.0.2").ToJson();
        long serverId;
        await using (var db = _db.CreateContext())
        {
            var user = new Core.Users.User { TelegramId = TestHost.NewUserId(), LanguageCode = "ru", CreatedAt = now, UpdatedAt = now, LastActivityAt = now };
            db.Users.Add(user);
            var server = new Core.Servers.Server
            {
                Name = "old-wg-ovpn", Location = "Germany", CountryCode = "DE", IpAddress = "203.0.113.12",
                SupportedProtocols = [VpnProtocol.WireGuard, VpnProtocol.OpenVpn], PrimaryProtocol = VpnProtocol.WireGuard, CreatedAt = now, UpdatedAt = now,
            };
            var ssh = new SshSettings
            {
                Host = "vpn.example.test", Username = "root", SshPrivateKey = protector.Protect("ssh-key"),
                HostKeySha256 = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('='),
            };
            server.SetSection(WireGuardServer.Section, new WireGuardSettings
            {
                Ssh = ssh, Interface = "wg0", Subnet = "10.8.0.0/24", ServerPublicKey = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=",
                Endpoint = "vpn.example.test:51820",
            });
            server.SetSection(OpenVpnServer.Section, new OpenVpnSettings { Ssh = ssh, Remote = "vpn.example.test", Port = 1194, Proto = "udp", CrlPath = "/etc/openvpn/crl.pem" });
            new OpenVpnSetup(protector, TimeProvider.System).CreateAuthority(server, "Old CA"); // no id yet: written unbound, as before
            db.Servers.Add(server);
            await db.SaveChangesAsync();
            serverId = server.Id;
            var subscription = new Subscription { UserId = user.Id, Status = SubscriptionStatus.Active, StartedAt = now, ExpiresAt = now.AddDays(30), CreatedAt = now, UpdatedAt = now };
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
            IssuedCertificate issued;
            using (var ca = OpenVpnServer.From(server, protector).LoadCa())
                issued = OpenVpnCertificateAuthority.IssueClient(ca, "tg_2_1", now, now.AddDays(31));
            var ovpnOld = OpenVpnConfigData.From(issued, "tg_2_1", serverId, protector) with { PrivateKey = protector.Protect(issued.PrivateKeyPem) };
            db.VpnConfigs.AddRange(
                new VpnConfig { SubscriptionId = subscription.Id, ServerId = serverId, Protocol = VpnProtocol.WireGuard, ExternalName = "tg_1_1", ConfigData = wgOld, CreatedAt = now, UpdatedAt = now },
                new VpnConfig { SubscriptionId = subscription.Id, ServerId = serverId, Protocol = VpnProtocol.OpenVpn, ExternalName = "tg_2_1", ConfigData = ovpnOld.ToJson(), CreatedAt = now, UpdatedAt = now });
            db.IpAllocations.Add(new IpAllocation { ServerId = serverId, Address = "10.8.0.2", ExternalName = "tg_1_1", KeyData = wgOld, CreatedAt = now });
            await db.SaveChangesAsync();
        }
        var before = await RenderAsync();

        var (exit, output, err) = await RunAsync(null, "migrate");

        Assert.True(exit == 0, err);
        Assert.Contains("Bound the keys of 2 customer config(s) and 1 address reservation(s) to their client.", output, StringComparison.Ordinal);
        Assert.Equal(before, await RenderAsync()); // the customer's .conf and .ovpn, byte for byte
        await using (var db = _db.CreateContext())
        {
            var wg = await db.VpnConfigs.SingleAsync(c => c.ExternalName == "tg_1_1");
            var ovpn = await db.VpnConfigs.SingleAsync(c => c.ExternalName == "tg_2_1");
            var reservation = await db.IpAllocations.SingleAsync(a => a.ExternalName == "tg_1_1");
            Assert.False(WireGuardConfigData.Parse(wg.ConfigData).IsUnbound);
            Assert.False(WireGuardConfigData.Parse(reservation.KeyData).IsUnbound);
            Assert.False(OpenVpnConfigData.Parse(ovpn.ConfigData).IsUnbound);
            Assert.Equal(privateKey, WireGuardConfigData.Parse(reservation.KeyData).DecryptPrivateKey(protector, serverId, "tg_1_1"));
            // The first customer's keys pasted into the second customer's row: refused, naming the place.
            var server = await db.Servers.SingleAsync(s => s.Id == serverId);
            var copy = new VpnConfig { ServerId = serverId, ExternalName = "tg_2_1", ConfigData = wg.ConfigData, Protocol = VpnProtocol.WireGuard };
            var e = Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => wgProvider.Render(server, copy));
            Assert.Contains($"does not belong to server/{serverId}/client/tg_2_1/wireguard.privateKey", e.Message, StringComparison.Ordinal);
        }
        // Run again: nothing left to bind, nothing changed.
        (exit, output, _) = await RunAsync(null, "migrate");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("Bound", output, StringComparison.Ordinal);
        Assert.Equal(before, await RenderAsync());
    }

    [Fact]
    public async Task Server_add_encrypts_secrets_and_list_and_show_never_print_them()
    {
        const string settings = """{"vless":{"panel":"3xui","url":"https://panel.example.com:2053/x/","username":"admin","password":"hunter2-panel","inboundId":3}}""";
        var (exit, _, err) = await RunAsync(settings, "server", "add", "--name", "de-1", "--location", "Germany", "--country", "de",
            "--city", "Frankfurt", "--ip", "203.0.113.10", "--domain", "de1.example.com", "--protocols", "vless,wireguard", "--max-users", "500", "--settings", "-");
        Assert.True(exit == 0, err);

        await using (var db = _db.CreateContext())
        {
            var server = await db.Servers.SingleAsync();
            Assert.Equal([VpnProtocol.Vless, VpnProtocol.WireGuard], server.SupportedProtocols);
            Assert.Equal("DE", server.CountryCode);
            var stored = (string)JsonNode.Parse(server.Settings)!["vless"]!["password"]!;
            Assert.True(SecretProtector.IsProtected(stored));
            SecretProtector.TryParseKey(TestHost.EncryptionKey, out var key);
            // Bound to this server and field: it decrypts here and nowhere else.
            Assert.Equal("hunter2-panel", new SecretProtector(key).Unprotect(stored, SecretContext.ServerSetting(server.Id, "vless.password")));
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
                new SecretProtector(key).Unprotect(stored, SecretContext.ServerSetting(server.Id + 1, "vless.password")));
        }

        var (_, list, _) = await RunAsync(null, "server", "list");
        Assert.Contains("de-1", list, StringComparison.Ordinal);
        Assert.Contains("vless,wireguard", list, StringComparison.Ordinal);
        var (_, show, _) = await RunAsync(null, "server", "show", "de-1");
        Assert.DoesNotContain("hunter2", show, StringComparison.Ordinal);
        Assert.DoesNotContain("enc:v1", show, StringComparison.Ordinal);
        Assert.Contains("***", show, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync(null, "server", "disable", "de-1")).Exit);
        await using (var db = _db.CreateContext())
        {
            Assert.False((await db.Servers.SingleAsync()).IsEnabled);
            var audit = await db.AuditLog.SingleAsync(a => a.Action == "server-disable");
            Assert.Equal((0L, "de-1"), (audit.ActorTelegramId, audit.TargetId)); // the command line, through the same service as the admin bot
        }
        Assert.Equal(0, (await RunAsync(null, "server", "disable", "de-1")).Exit); // already disabled: fine, and no second row
        await using (var db = _db.CreateContext())
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "server-disable"));
        Assert.Equal(2, (await RunAsync(null, "server", "add", "--name", "de-1", "--location", "L", "--country", "DE", "--ip", "1.2.3.4", "--protocols", "vless")).Exit);
    }

    [Fact]
    public async Task Plan_add_and_list_round_trip_money_exactly()
    {
        var (exit, _, err) = await RunAsync(null, "plan", "add", "--name", "Месяц", "--days", "30", "--price", "299.90", "--currency", "rub",
            "--stars", "150", "--devices", "3", "--popular", "--description", "Безлимит");
        Assert.True(exit == 0, err);
        Assert.Equal(0, (await RunAsync(null, "plan", "add", "--name", "Year", "--days", "365", "--price", "2490", "--currency", "RUB", "--traffic-gb", "500")).Exit);
        await using var db = _db.CreateContext();
        var month = await db.Plans.SingleAsync(p => p.DurationDays == 30);
        Assert.Equal(299.90m, month.Price);
        Assert.Equal("RUB", month.Currency);
        Assert.Equal(150, month.PriceStars);
        Assert.Null(month.TrafficLimitGb);
        Assert.True(month.IsPopular);

        var (_, list, _) = await RunAsync(null, "plan", "list");
        Assert.Contains("299.90 RUB", list, StringComparison.Ordinal);
        Assert.Contains("unlimited", list, StringComparison.Ordinal);
        Assert.Contains("500 GB", list, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync(null, "plan", "disable", month.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Exit);
        db.ChangeTracker.Clear();
        Assert.False((await db.Plans.SingleAsync(p => p.Id == month.Id)).IsActive);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "plan-disable" && a.ActorTelegramId == 0));
    }

    [Fact]
    public async Task Without_a_database_the_verb_fails_with_exit_1_not_a_stack_trace()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=2",
        }).Build();
        using var stderr = new StringWriter();
        var exit = await CliCommands.RunAsync(["plan", "list"], config, new StringWriter(), stderr);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", stderr.ToString(), StringComparison.Ordinal);
    }
}
