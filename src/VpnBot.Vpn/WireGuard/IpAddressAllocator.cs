using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VpnBot.Core.Data;
using VpnBot.Core.Vpn;

namespace VpnBot.Vpn.WireGuard;

/// <summary>
/// Hands out tunnel addresses as <see cref="IpAllocation"/> rows, one per (server, client name).
/// Each reservation runs in a transaction holding a per-server advisory lock, so concurrent purchases
/// queue instead of colliding; a transaction takes that one lock and nothing else, so no deadlock is
/// possible. The unique indexes (server, address) and (server, name) are the last line of defence:
/// a violation (e.g. a row written by hand) is retried with a fresh look at the table.
/// </summary>
public sealed class IpAddressAllocator(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>First key of the two-int advisory lock: "WGIP", so it cannot clash with other lock users.</summary>
    private const int LockClass = 0x57474950;
    private const int MaxAttempts = 5;

    /// <summary>
    /// The reservation for <paramref name="externalName"/>: the existing one when a previous attempt made it
    /// (same address, same keys), otherwise the lowest free address with key data from <paramref name="newKeyData"/>.
    /// </summary>
    public async Task<IpAllocation> ReserveAsync(long serverId, WireGuardSubnet subnet, string externalName,
        Func<string, string> newKeyData, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            try
            {
                return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, {LockKey(serverId)})", ct);
                    var existing = await db.IpAllocations.AsNoTracking()
                        .FirstOrDefaultAsync(a => a.ServerId == serverId && a.ExternalName == externalName, ct);
                    if (existing is not null) return existing;

                    var used = (await db.IpAllocations.Where(a => a.ServerId == serverId).Select(a => a.Address).ToListAsync(ct)).ToHashSet();
                    var free = subnet.ClientAddresses().Select(a => a.ToString()).FirstOrDefault(a => !used.Contains(a))
                        ?? throw new VpnBackendException(VpnBackendError.Rejected, $"No free address left in {subnet} ({subnet.ClientCapacity} clients).");
                    var allocation = new IpAllocation
                    {
                        ServerId = serverId,
                        Address = free,
                        ExternalName = externalName,
                        KeyData = newKeyData(free),
                        CreatedAt = time.GetUtcNow(),
                    };
                    db.IpAllocations.Add(allocation);
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    return allocation;
                });
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && attempt < MaxAttempts)
            {
                // Someone wrote a row outside the lock; look again.
            }
        }
    }

    public async Task<IpAllocation?> FindAsync(long serverId, string externalName, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.IpAllocations.AsNoTracking().FirstOrDefaultAsync(a => a.ServerId == serverId && a.ExternalName == externalName, ct);
    }

    /// <summary>Releases the client's address; true when there was a reservation to release.</summary>
    public async Task<bool> ReleaseAsync(long serverId, string externalName, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.IpAllocations.Where(a => a.ServerId == serverId && a.ExternalName == externalName).ExecuteDeleteAsync(ct) > 0;
    }

    private static int LockKey(long serverId) => unchecked((int)(serverId ^ (serverId >> 32)));
}
