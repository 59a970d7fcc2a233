using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Users;

public enum BroadcastTextError { Empty, TooLong, LooksLikeCommand }

public sealed record BroadcastRecipient(long UserId, long TelegramId);

public sealed record BroadcastReport(int Sent, int Failed, int Blocked);

public enum BroadcastDelivery { Sent, Failed, Blocked }

/// <summary>
/// A message from the operators to every customer who can receive it: active (has not blocked the bot)
/// and not banned. The text and the outcome are audited: who sent what to how many.
/// </summary>
public sealed class BroadcastService(AppDbContext db, TimeProvider time)
{
    /// <summary>Telegram's limit for one message; a longer text is refused rather than split or cut.</summary>
    public const int MaxTextLength = 4096;

    public static BroadcastTextError? Check(string? text) => text switch
    {
        null => BroadcastTextError.Empty,
        _ when string.IsNullOrWhiteSpace(text) => BroadcastTextError.Empty,
        { Length: > MaxTextLength } => BroadcastTextError.TooLong,
        _ when text.TrimStart().StartsWith('/') => BroadcastTextError.LooksLikeCommand,
        _ => null,
    };

    public Task<int> AudienceCountAsync(CancellationToken ct) => Audience().CountAsync(ct);

    /// <summary>
    /// Stores the confirmed broadcast (the sender's durable to-do: it survives a restart) and audits the start
    /// (actor, text, audience) in the same transaction; returns the broadcast's id.
    /// </summary>
    public async Task<long> StartAsync(long actorTelegramId, long reportChatId, string reportCulture, string text, CancellationToken ct)
    {
        if (Check(text) is { } error) throw new ArgumentException($"The broadcast text is not sendable: {error}.", nameof(text));
        return await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var broadcast = new Broadcast { ActorTelegramId = actorTelegramId, ReportChatId = reportChatId, ReportCulture = reportCulture, Text = text, CreatedAt = now };
            db.Broadcasts.Add(broadcast);
            await db.SaveChangesAsync(t);
            var audience = await AudienceCountAsync(t);
            db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, "broadcast-start", "broadcast", broadcast.Id.ToString(CultureInfo.InvariantCulture), null,
                JsonSerializer.Serialize(new { audience, text }), now));
            await db.SaveChangesAsync(t);
            return broadcast.Id;
        }, ct);
    }

    /// <summary>Broadcasts not finished yet, oldest first: a restart picks them up where they stopped.</summary>
    public Task<List<Broadcast>> UnfinishedAsync(CancellationToken ct) =>
        db.Broadcasts.AsNoTracking().Where(b => b.FinishedAt == null).OrderBy(b => b.Id).ToListAsync(ct);

    public Task<Broadcast?> FindAsync(long broadcastId, CancellationToken ct) =>
        db.Broadcasts.AsNoTracking().SingleOrDefaultAsync(b => b.Id == broadcastId, ct);

    /// <summary>One recipient tried: the position and the counts move together, so a restart neither skips nor repeats anyone.</summary>
    public Task RecordAsync(long broadcastId, long userId, BroadcastDelivery delivery, CancellationToken ct) =>
        db.Broadcasts.Where(b => b.Id == broadcastId).ExecuteUpdateAsync(u => u
            .SetProperty(b => b.ResumeAfterUserId, userId)
            .SetProperty(b => b.Sent, b => b.Sent + (delivery == BroadcastDelivery.Sent ? 1 : 0))
            .SetProperty(b => b.Failed, b => b.Failed + (delivery == BroadcastDelivery.Failed ? 1 : 0))
            .SetProperty(b => b.Blocked, b => b.Blocked + (delivery == BroadcastDelivery.Blocked ? 1 : 0)), ct);

    /// <summary>The next recipients by user id, read as the broadcast goes: a ban or a block meanwhile is respected.</summary>
    public async Task<IReadOnlyList<BroadcastRecipient>> RecipientsAfterAsync(long afterUserId, int batch, CancellationToken ct) =>
        await Audience().Where(u => u.Id > afterUserId).OrderBy(u => u.Id).Take(batch)
            .Select(u => new BroadcastRecipient(u.Id, u.TelegramId)).ToListAsync(ct);

    /// <summary>Marks the broadcast finished and audits its outcome; returns the final counts.</summary>
    public async Task<BroadcastReport> FinishAsync(long broadcastId, CancellationToken ct) =>
        await db.InTransactionAsync(async t =>
        {
            var broadcast = await db.Broadcasts.SingleAsync(b => b.Id == broadcastId, t);
            var report = new BroadcastReport(broadcast.Sent, broadcast.Failed, broadcast.Blocked);
            if (broadcast.FinishedAt is not null) return report;
            var now = time.GetUtcNow();
            broadcast.FinishedAt = now;
            db.AuditLog.Add(AdminAuditLog.Of(broadcast.ActorTelegramId, "broadcast-done", "broadcast", broadcastId.ToString(CultureInfo.InvariantCulture), null,
                JsonSerializer.Serialize(new { sent = report.Sent, failed = report.Failed, blocked = report.Blocked }), now));
            await db.SaveChangesAsync(t);
            return report;
        }, ct);

    private IQueryable<User> Audience() => db.Users.AsNoTracking().Where(u => u.IsActive && !u.IsBanned);
}
