using Microsoft.EntityFrameworkCore;
using Npgsql;
using VpnBot.Core.Data;
using VpnBot.Core.Security;
using VpnBot.Vpn;

namespace VpnBot.Host.Cli;

/// <summary>
/// Operator verbs on the same executable, so servers, plans and the first admin can be set up
/// before the admin bot exists. Exit codes: 0 done, 1 failed (e.g. database unreachable), 2 bad input.
/// </summary>
public static class CliCommands
{
    private static readonly string[] Verbs = ["migrate", "create-admin", "server", "plan", "promo", "health", "backup", "restore", "help", "--help"];

    public const string Usage = """
        Usage: VpnBot.Host <verb> [options]
          migrate                          apply database migrations, bind stored secrets to their place (run on upgrade)
          create-admin <telegram_id>       make a Telegram user an admin
          server add --name N --location L --country CC --ip IP --protocols vless,wireguard,openvpn
                     [--city C] [--domain D] [--primary P] [--max-users N] [--settings FILE|-]
          server list | show <name> | enable <name> | disable <name> | remove <name>
          plan add --name N --days D --price P --currency RUB [--stars S] [--traffic-gb G] [--devices N]
                   [--popular] [--description TEXT]
          plan list | enable <id> | disable <id>
          promo add CODE percent|amount|days|free|balance VALUE [--uses N] [--per-customer N] [--from YYYY-MM-DD]
                    [--until YYYY-MM-DD] [--plans 1,2] [--first]
          promo list | disable CODE
          health [--url http://127.0.0.1:8080/health/ready]   exit 0 when the running host is ready
          backup [--dir DIR] [--keep N] [--no-send]   encrypted pg_dump to Backups:Directory (key: Backups:EncryptionKey),
                                           keeps the newest N, sends it to the admins when Backups:SendToAdmins
          restore <file> [--force]         check and decrypt a backup, then pg_restore it into the configured database,
                                           which must be empty (--force: replace what the backup holds)
        Without a verb the host starts the bots.
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args, IConfiguration? configuration = null, TextWriter? stdout = null, TextWriter? stderr = null, TextReader? stdin = null)
    {
        var output = stdout ?? Console.Out;
        var errors = stderr ?? Console.Error;
        var config = configuration ?? new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        try
        {
            var verb = args[0].ToLowerInvariant();
            if (verb is "help" or "--help")
            {
                await output.WriteLineAsync(Usage);
                return 0;
            }
            if (verb == "health") return await HealthProbe.RunAsync(new CliArgs(args.Skip(1)), output, errors);
            var connection = config.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(connection))
                throw new CliUsageException("ConnectionStrings:Postgres is missing (env ConnectionStrings__Postgres).");
            var options = new DbContextOptionsBuilder<AppDbContext>();
            options.UseVpnBotPostgres(connection);
            await using var db = new AppDbContext(options.Options);
            var rest = new CliArgs(args.Skip(1));
            var context = new CliContext(db, output, TimeProvider.System, () => Protector(config), stdin ?? Console.In);
            return verb switch
            {
                "migrate" => await MigrateAsync(db, config, output),
                "create-admin" => await AdminCommands.CreateAdminAsync(context, rest),
                "server" => await ServerCommands.RunAsync(context, rest),
                "plan" => await PlanCommands.RunAsync(context, rest),
                "promo" => await PromoCommands.RunAsync(context, rest),
                "backup" => await BackupCommands.BackupAsync(config, connection, rest, output),
                "restore" => await BackupCommands.RestoreAsync(config, connection, rest, output),
                _ => throw new CliUsageException($"Unknown verb '{verb}'."),
            };
        }
        catch (CliUsageException e)
        {
            await errors.WriteLineAsync("error: " + e.Message);
            await errors.WriteLineAsync("Run with 'help' for usage.");
            return 2;
        }
        catch (Backups.BackupRefusedException e)
        {
            await errors.WriteLineAsync("error: " + e.Message);
            return 2;
        }
        catch (Exception e) when (e is Backups.BackupFailedException or Backups.BackupFileException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        catch (Exception e) when (e is NpgsqlException or DbUpdateException or InvalidOperationException or IOException or System.Security.Cryptography.CryptographicException)
        {
            await errors.WriteLineAsync("error: " + (e.InnerException?.Message ?? e.Message));
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(AppDbContext db, IConfiguration config, TextWriter output)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();
        await output.WriteLineAsync(pending.Count == 0 ? "Database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
        // Server secrets stored before they were bound to their server and field are re-encrypted bound.
        if (!SecretProtector.TryParseKey(config["Security:EncryptionKey"], out var key))
        {
            await output.WriteLineAsync("Security:EncryptionKey is not set: stored server and customer secrets were left as they are.");
            return 0;
        }
        var bound = await ServerSecretBinding.BindAllAsync(db, new SecretProtector(key), CancellationToken.None);
        if (bound.Values > 0) await output.WriteLineAsync($"Bound {bound.Values} stored secret(s) of {bound.Servers} server(s) to their server and field.");
        // Customers' keys likewise, to their server and client name; the keys themselves (and so the configs) are unchanged.
        var clients = await ClientSecretBinding.BindAllAsync(db, new SecretProtector(key), CancellationToken.None);
        if (clients.Configs + clients.Reservations > 0)
            await output.WriteLineAsync($"Bound the keys of {clients.Configs} customer config(s) and {clients.Reservations} address reservation(s) to their client.");
        return 0;
    }

    private static SecretProtector Protector(IConfiguration config) =>
        SecretProtector.TryParseKey(config["Security:EncryptionKey"], out var key)
            ? new SecretProtector(key)
            : throw new CliUsageException("Security:EncryptionKey is missing or not 32 bytes of base64 (needed to encrypt server secrets).");
}

public sealed record CliContext(AppDbContext Db, TextWriter Out, TimeProvider Time, Func<SecretProtector> Protector, TextReader In);
