using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Servers;

/// <summary>
/// Operators' server switches, shared by the admin bot and the command line. A disabled server is
/// offered to no new customer; existing configs on it keep working.
/// </summary>
public sealed class ServerAdministration(AppDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<Server>> ListAsync(CancellationToken ct) =>
        await db.Servers.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);

    public async Task<ToggleOutcome> SetEnabledAsync(long actorTelegramId, long serverId, bool enabled, CancellationToken ct) =>
        await SetEnabledAsync(actorTelegramId, db.Servers.Where(s => s.Id == serverId), enabled, ct);

    public async Task<ToggleOutcome> SetEnabledAsync(long actorTelegramId, string name, bool enabled, CancellationToken ct) =>
        await SetEnabledAsync(actorTelegramId, db.Servers.Where(s => s.Name == name), enabled, ct);

    /// <summary>
    /// A conditional UPDATE (only a row not yet in that state changes) and the audit row in one transaction,
    /// so a double press or two admins at once change it once and leave one row.
    /// </summary>
    private Task<ToggleOutcome> SetEnabledAsync(long actor, IQueryable<Server> target, bool enabled, CancellationToken ct) =>
        db.InTransactionAsync(async token =>
        {
            var server = await target.Select(s => new { s.Id, s.Name }).SingleOrDefaultAsync(token);
            if (server is null) return ToggleOutcome.NotFound;
            var now = time.GetUtcNow();
            var changed = await db.Servers.Where(s => s.Id == server.Id && s.IsEnabled != enabled)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.IsEnabled, enabled).SetProperty(s => s.UpdatedAt, now), token);
            if (changed == 0) return ToggleOutcome.AlreadyInState;
            db.AuditLog.Add(AdminAuditLog.Of(actor, enabled ? "server-enable" : "server-disable", "server", server.Name,
                AdminAuditLog.Flag("enabled", !enabled), AdminAuditLog.Flag("enabled", enabled), now));
            await db.SaveChangesAsync(token);
            return ToggleOutcome.Changed;
        }, ct);
}
