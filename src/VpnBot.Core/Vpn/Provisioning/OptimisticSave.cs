using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Vpn.Provisioning;

/// <summary>
/// SaveChanges under optimistic concurrency (xmin on subscriptions): on a conflict the losing rows
/// are reloaded, the caller re-applies its change to the fresh values, and the save is tried again,
/// so a payment that extended the subscription meanwhile is kept rather than overwritten.
/// </summary>
internal static class OptimisticSave
{
    private const int MaxAttempts = 8;

    public static async Task SaveAsync(AppDbContext db, Action<object> reapply, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException e) when (attempt < MaxAttempts)
            {
                foreach (var entry in e.Entries)
                {
                    await entry.ReloadAsync(ct);
                    reapply(entry.Entity);
                }
            }
        }
    }
}
