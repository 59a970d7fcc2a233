using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Audit;

/// <summary>One page of the audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AdminAuditLog> Entries, bool HasOlder, bool HasNewer);

/// <summary>
/// Reads the audit log in pages keyed by entry id (not by offset), so a page turned while new entries
/// arrive shows neither a duplicate nor a gap.
/// </summary>
public sealed class AuditLogReader(AppDbContext db)
{
    public async Task<AuditPage> LatestAsync(int size, CancellationToken ct)
    {
        var entries = await db.AuditLog.AsNoTracking().OrderByDescending(a => a.Id).Take(size).ToListAsync(ct);
        return await PageAsync(entries, ct);
    }

    /// <summary>The entries just before <paramref name="id"/> (the oldest one shown).</summary>
    public async Task<AuditPage> OlderThanAsync(long id, int size, CancellationToken ct)
    {
        var entries = await db.AuditLog.AsNoTracking().Where(a => a.Id < id).OrderByDescending(a => a.Id).Take(size).ToListAsync(ct);
        return entries.Count == 0 ? await LatestAsync(size, ct) : await PageAsync(entries, ct);
    }

    /// <summary>The entries just after <paramref name="id"/> (the newest one shown); the latest page when fewer remain.</summary>
    public async Task<AuditPage> NewerThanAsync(long id, int size, CancellationToken ct)
    {
        var entries = await db.AuditLog.AsNoTracking().Where(a => a.Id > id).OrderBy(a => a.Id).Take(size + 1).ToListAsync(ct);
        if (entries.Count <= size) return await LatestAsync(size, ct);
        entries.RemoveAt(entries.Count - 1);
        entries.Reverse();
        return await PageAsync(entries, ct);
    }

    private async Task<AuditPage> PageAsync(List<AdminAuditLog> entries, CancellationToken ct)
    {
        if (entries.Count == 0) return new AuditPage(entries, false, false);
        var newest = entries[0].Id;
        var oldest = entries[^1].Id;
        var hasOlder = await db.AuditLog.AnyAsync(a => a.Id < oldest, ct);
        var hasNewer = await db.AuditLog.AnyAsync(a => a.Id > newest, ct);
        return new AuditPage(entries, hasOlder, hasNewer);
    }
}
