using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Users;

public enum BroadcastTextError { Empty, TooLong, LooksLikeCommand }

public sealed record BroadcastRecipient(long UserId, long TelegramId);

public sealed record BroadcastReport(int Sent, int Failed, int Blocked);

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

    /// <summary>Records the start (actor, text, audience) and returns the broadcast's id: its audit row.</summary>
    public async Task<long> StartAsync(long actorTelegramId, string text, CancellationToken ct)
    {
        if (Check(text) is { } error) throw new ArgumentException($"The broadcast text is not sendable: {error}.", nameof(text));
        var audience = await AudienceCountAsync(ct);
        var entry = AdminAuditLog.Of(actorTelegramId, "broadcast-start", "broadcast", null, null,
            JsonSerializer.Serialize(new { audience, text }), time.GetUtcNow());
        db.AuditLog.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }

    /// <summary>The next recipients by user id, read as the broadcast goes: a ban or a block meanwhile is respected.</summary>
    public async Task<IReadOnlyList<BroadcastRecipient>> RecipientsAfterAsync(long afterUserId, int batch, CancellationToken ct) =>
        await Audience().Where(u => u.Id > afterUserId).OrderBy(u => u.Id).Take(batch)
            .Select(u => new BroadcastRecipient(u.Id, u.TelegramId)).ToListAsync(ct);

    public async Task FinishAsync(long actorTelegramId, long broadcastId, BroadcastReport report, CancellationToken ct)
    {
        db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, "broadcast-done", "broadcast", broadcastId.ToString(CultureInfo.InvariantCulture), null,
            JsonSerializer.Serialize(new { sent = report.Sent, failed = report.Failed, blocked = report.Blocked }), time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    private IQueryable<User> Audience() => db.Users.AsNoTracking().Where(u => u.IsActive && !u.IsBanned);
}
