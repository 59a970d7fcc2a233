using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;

namespace VpnBot.Core.Operations;

/// <summary>
/// What an operator alert is about and who gets it. Only reads: the alerts are raised from inside payment and
/// backend-task work, so this depends on nothing that raises them.
/// </summary>
public sealed class OperatorAlertFacts(AppDbContext db)
{
    /// <summary>The payment with its customer.</summary>
    public Task<Payment?> PaymentAsync(long paymentId, CancellationToken ct) =>
        db.Payments.AsNoTracking().Include(p => p.User).SingleOrDefaultAsync(p => p.Id == paymentId, ct);

    /// <summary>The task with the subscription it works on (with its customer and server); null when either is gone.</summary>
    public async Task<(BackendTask Task, Subscription Subscription)?> BackendTaskAsync(long backendTaskId, CancellationToken ct)
    {
        var task = await db.BackendTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == backendTaskId, ct);
        if (task is null) return null;
        var subscription = await db.Subscriptions.AsNoTracking().Include(s => s.User).Include(s => s.Server)
            .SingleOrDefaultAsync(s => s.Id == task.SubscriptionId, ct);
        return subscription is null ? null : (task, subscription);
    }

    /// <summary>The admins who have a row (the admin role or one of <paramref name="configuredTelegramIds"/>), not banned.</summary>
    public async Task<IReadOnlyList<User>> AdminsAsync(IReadOnlyCollection<long> configuredTelegramIds, CancellationToken ct)
    {
        var ids = configuredTelegramIds.ToList();
        return await db.Users.AsNoTracking()
            .Where(u => !u.IsBanned && (u.Role == UserRole.Admin || ids.Contains(u.TelegramId)))
            .ToListAsync(ct);
    }
}
