using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Users;

/// <summary>
/// What a notice to a customer is about: the payment, the key, or just the customer. Only reads: notices are
/// sent from inside payment and provisioning work, so this depends on nothing that sends them.
/// </summary>
public sealed class CustomerNoticeFacts(AppDbContext db)
{
    /// <summary>The payment with its customer and the subscription it paid for.</summary>
    public Task<Payment?> PaymentAsync(long paymentId, CancellationToken ct) =>
        db.Payments.AsNoTracking().Include(p => p.User).Include(p => p.Subscription)
            .SingleOrDefaultAsync(p => p.Id == paymentId, ct);

    /// <summary>The key with its server and its subscription's customer.</summary>
    public Task<VpnConfig?> ConfigAsync(long vpnConfigId, CancellationToken ct) =>
        db.VpnConfigs.AsNoTracking().Include(c => c.Server).Include(c => c.Subscription).ThenInclude(s => s!.User)
            .SingleOrDefaultAsync(c => c.Id == vpnConfigId, ct);

    public Task<User?> CustomerAsync(long userId, CancellationToken ct) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
}
