using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;
using VpnBot.Core.Subscriptions;

namespace VpnBot.Core.Users;

/// <summary>The operators' view of customers: finding one, their card, and banning or unbanning them (audited).</summary>
public sealed class UserAdministration(AppDbContext db, AdminRoster roster, BackendTaskSignal signal, TimeProvider time)
{
    public const int MaxSubscriptionsShown = 5;

    /// <summary>A Telegram id ("123456789") or a username ("@name" or "name", any case); null when nobody matches.</summary>
    public async Task<User?> FindAsync(string query, CancellationToken ct)
    {
        var text = query.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var telegramId))
            return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.TelegramId == telegramId, ct);
        var name = text.TrimStart('@').ToLowerInvariant();
        if (name.Length == 0 || name.Length > 64) return null;
        // Usernames move between accounts; the one seen most recently holds it now.
        return await db.Users.AsNoTracking().Where(u => u.Username != null && u.Username.ToLower() == name)
            .OrderByDescending(u => u.LastActivityAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>The Telegram id of a subscription's customer; null when the subscription is gone.</summary>
    public Task<long?> OwnerOfSubscriptionAsync(long subscriptionId, CancellationToken ct) =>
        db.Subscriptions.AsNoTracking().Where(s => s.Id == subscriptionId).Select(s => (long?)s.User!.TelegramId).SingleOrDefaultAsync(ct);

    public async Task<UserCard?> CardAsync(long telegramId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.TelegramId == telegramId, ct);
        if (user is null) return null;
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.UserId == user.Id)
            // The current subscription first, as the client bot picks it (PostgreSQL sorts NULL first when descending).
            .OrderByDescending(s => s.ExpiresAt != null).ThenByDescending(s => s.ExpiresAt).ThenByDescending(s => s.Id).Take(MaxSubscriptionsShown)
            .Select(s => new UserCardSubscription(s.Id, s.Status, s.Plan != null ? s.Plan.Name : null, s.Server != null ? s.Server.Name : null, s.ExpiresAt, s.IsTrial))
            .ToListAsync(ct);
        var paid = await db.Payments.AsNoTracking().Where(p => p.UserId == user.Id && p.Status == PaymentStatus.Completed)
            .GroupBy(p => p.Currency)
            .Select(g => new { Currency = g.Key, Count = g.Count(), Sum = g.Sum(p => p.Amount) })
            .ToListAsync(ct);
        var openTickets = await db.SupportTickets.CountAsync(t => t.UserId == user.Id && t.Status != TicketStatus.Closed, ct);
        return new UserCard(user, roster.IsAdmin(user), subscriptions, paid.Sum(p => p.Count),
            paid.OrderBy(p => p.Currency, StringComparer.Ordinal).Select(p => new MoneyTotal(p.Sum, p.Currency)).ToList(), openTickets);
    }

    /// <summary>
    /// Bans or unbans under a row lock, with the audit row in the same transaction: two admins pressing at
    /// once, or one pressing twice, change the user once and leave one audit row.
    /// </summary>
    public async Task<BanOutcome> SetBannedAsync(long actorTelegramId, long targetTelegramId, bool banned, CancellationToken ct)
    {
        var outcome = await db.InTransactionAsync(async token =>
        {
            var id = await db.Users.Where(u => u.TelegramId == targetTelegramId).Select(u => (long?)u.Id).SingleOrDefaultAsync(token);
            if (id is null || await db.LockUserAsync(id.Value, token) is not { } user) return BanOutcome.NotFound;
            var now = time.GetUtcNow();
            var change = user.SetBanned(banned, actorTelegramId, roster.IsAdmin(user), now);
            if (change != BanOutcome.Changed) return change;
            // A ban also takes the VPN away (abuse, fraud), and lifting it gives back what was paid for:
            // every subscription with a key gets a sync, which reads the ban (ProvisioningService.SyncAsync).
            var withKeys = await db.Subscriptions.Where(s => s.UserId == user.Id && db.VpnConfigs.Any(c => c.SubscriptionId == s.Id && c.IsActive))
                .Select(s => s.Id).ToListAsync(token);
            foreach (var subscriptionId in withKeys) BackendTaskQueue.Add(db, BackendTaskKind.Sync, subscriptionId, null, now);
            db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, banned ? "user-ban" : "user-unban", "user",
                targetTelegramId.ToString(CultureInfo.InvariantCulture), AdminAuditLog.Flag("banned", !banned), AdminAuditLog.Flag("banned", banned), now));
            await db.SaveChangesAsync(token);
            return BanOutcome.Changed;
        }, ct);
        if (outcome == BanOutcome.Changed) signal.Pulse(); // the key syncs run now, not at the worker's next poll
        return outcome;
    }
}
