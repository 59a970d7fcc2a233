using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VpnBot.Core.Data;
using VpnBot.Core.Vpn;
using VpnBot.Vpn.Ssh;

namespace VpnBot.Vpn.OpenVpn;

/// <summary>What to change on a server's revocation list before it is rebuilt and pushed.</summary>
public enum RevocationChange { None, Revoke, Hold, Release }

/// <summary>
/// Keeps a server's CRL in step with its <see cref="CertificateRevocation"/> rows. One transaction per change:
/// take the server's advisory lock, change the rows, rebuild the whole CRL from them with the next CRL number,
/// push it over SSH, commit. Holding the lock across the push means two changes can never race an older CRL
/// over a newer one; a failed push rolls the change back, so the caller's retry repeats the whole step.
/// </summary>
public sealed class CrlPublisher(IServiceScopeFactory scopes, SshRunner ssh, TimeProvider time)
{
    /// <summary>"OCRL": first key of the two-int advisory lock.</summary>
    private const int LockClass = 0x4F43524C;

    /// <summary>OpenSSL rejects every client once the CRL's nextUpdate passes; we push on every change, so make it distant.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(3650);

    public async Task<string> PublishAsync(long serverId, OpenVpnServer server, RevocationChange change, string? serialNumber, string? externalName, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, {unchecked((int)(serverId ^ (serverId >> 32)))})", ct);
            var now = time.GetUtcNow();
            if (change != RevocationChange.None) await ApplyAsync(db, serverId, change, serialNumber!, externalName!, now, ct);
            var entries = await db.CertificateRevocations.AsNoTracking().Where(r => r.ServerId == serverId).OrderBy(r => r.Id).ToListAsync(ct);
            var number = await db.Database.SqlQuery<long>($"SELECT nextval({AppDbContext.CrlNumberSequence}::regclass) AS \"Value\"").SingleAsync(ct);
            string crl;
            using (var ca = server.LoadCa())
                crl = OpenVpnCertificateAuthority.BuildCrl(ca, entries, number, now, now + Validity);
            await ssh.ExecuteAsync(server.Ssh, "openvpn push crl", shell => shell.RunAsync(PushCommand(server.CrlPath), crl), ct);
            await tx.CommitAsync(ct);
            return crl;
        });
    }

    private static async Task ApplyAsync(AppDbContext db, long serverId, RevocationChange change, string serial, string name, DateTimeOffset now, CancellationToken ct)
    {
        var row = await db.CertificateRevocations.FirstOrDefaultAsync(r => r.ServerId == serverId && r.SerialNumber == serial, ct);
        switch (change)
        {
            case RevocationChange.Revoke when row is null:
                db.CertificateRevocations.Add(new CertificateRevocation { ServerId = serverId, SerialNumber = serial, ExternalName = name, RevokedAt = now });
                break;
            case RevocationChange.Revoke when row.IsHold:
                row.IsHold = false;
                row.RevokedAt = now;
                break;
            case RevocationChange.Hold when row is null:
                db.CertificateRevocations.Add(new CertificateRevocation { ServerId = serverId, SerialNumber = serial, ExternalName = name, RevokedAt = now, IsHold = true });
                break;
            case RevocationChange.Release when row is { IsHold: false }:
                throw new VpnBackendException(VpnBackendError.Rejected, $"Certificate {serial} of {name} is revoked for good; issue a new config instead.");
            case RevocationChange.Release when row is not null:
                db.CertificateRevocations.Remove(row);
                break;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Writes stdin to a temp file beside the target, makes it world-readable (OpenVPN may run as nobody) and renames it into place atomically.</summary>
    internal static string PushCommand(string crlPath)
    {
        var directory = crlPath[..crlPath.LastIndexOf('/')];
        var template = ShellQuote.Quote((directory.Length == 0 ? "" : directory) + "/.crl.XXXXXX");
        return $"tmp=$(mktemp {template}) && trap 'rm -f -- \"$tmp\"' EXIT && cat > \"$tmp\" && chmod 644 \"$tmp\" && mv -f -- \"$tmp\" {ShellQuote.Quote(crlPath)}";
    }
}
