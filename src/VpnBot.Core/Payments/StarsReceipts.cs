using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Payments;

/// <summary>What successful_payment said, as it is saved.</summary>
public sealed record StarsReceiptData(string TelegramPaymentChargeId, string InvoicePayload, int Amount, string Currency, long TelegramUserId);

/// <summary>
/// The stars_receipts table. Every change is one conditional UPDATE, so two workers (the live update, the retry
/// job, an admin's button) never both act on a receipt: whoever's UPDATE matched owns the step.
/// </summary>
public sealed class StarsReceipts(AppDbContext db, TimeProvider time)
{
    /// <summary>A receipt is retried this long after it was saved or last failed (the live update gets the first go).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>How long a claim holds; a worker that died mid-step frees the receipt after this.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    /// <summary>Failed attempts before the admins are told.</summary>
    public const int AlertAfterAttempts = 3;

    /// <summary>Saves the receipt; false when this charge was saved before (Telegram repeated the update).</summary>
    public async Task<bool> RecordAsync(StarsReceiptData r, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO stars_receipts (telegram_payment_charge_id, invoice_payload, amount, currency, telegram_user_id, state, attempts,
                                        next_attempt_at, received_at, updated_at)
            VALUES ({r.TelegramPaymentChargeId}, {Clip(r.InvoicePayload, 128)}, {r.Amount}, {Clip(r.Currency, 8)}, {r.TelegramUserId}, 'received', 0,
                    {now + RetryAfter}, {now}, {now})
            ON CONFLICT (telegram_payment_charge_id) DO NOTHING
            """, ct) == 1;
    }

    public Task<StarsReceipt?> FindAsync(long id, CancellationToken ct) =>
        db.StarsReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);

    public Task<StarsReceipt?> FindByChargeAsync(string chargeId, CancellationToken ct) =>
        db.StarsReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.TelegramPaymentChargeId == chargeId, ct);

    /// <summary>The customer who paid, when they have a user row (a payment can arrive from someone never seen).</summary>
    public Task<Users.User?> CustomerAsync(StarsReceipt receipt, CancellationToken ct) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.TelegramId == receipt.TelegramUserId, ct);

    /// <summary>Takes a received receipt to apply it; false when it is not open for applying or someone else holds it.</summary>
    public async Task<bool> ClaimAsync(long id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.Database.ExecuteSqlAsync($"""
            UPDATE stars_receipts SET claimed_until = {now + ClaimFor}, updated_at = {now}
            WHERE id = {id} AND state = 'received' AND (claimed_until IS NULL OR claimed_until < {now})
            """, ct) == 1;
    }

    public async Task MarkAppliedAsync(long id, long? paymentId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE stars_receipts SET state = 'applied', payment_id = {paymentId}, claimed_until = NULL, updated_at = {now}
            WHERE id = {id} AND state = 'received'
            """, ct);
    }

    /// <summary>Parks a receipt that cannot be applied as it stands (<see cref="StarsReceiptState.Unmatched"/> or <see cref="StarsReceiptState.Held"/>).</summary>
    public async Task MarkStuckAsync(long id, StarsReceiptState state, string reason, CancellationToken ct)
    {
        if (state is not (StarsReceiptState.Unmatched or StarsReceiptState.Held)) throw new ArgumentOutOfRangeException(nameof(state));
        var now = time.GetUtcNow();
        var text = SnakeCaseEnum<StarsReceiptState>.ToText(state);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE stars_receipts SET state = {text}, last_error = {Clip(reason, 512)}, claimed_until = NULL, updated_at = {now}
            WHERE id = {id} AND state = 'received'
            """, ct);
    }

    /// <summary>Counts a failed attempt and schedules the next; returns the attempts so far.</summary>
    public async Task<int> RecordFailureAsync(long id, string error, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var attempts = await db.Database.SqlQuery<int>($"""
            UPDATE stars_receipts SET attempts = attempts + 1, last_error = {Clip(error, 512)}, next_attempt_at = {now + RetryAfter},
                                      claimed_until = NULL, updated_at = {now}
            WHERE id = {id} AND state = 'received'
            RETURNING attempts AS "Value"
            """).ToListAsync(ct);
        return attempts.SingleOrDefault();
    }

    /// <summary>Received receipts whose turn has come (none held by a worker), oldest first.</summary>
    public Task<List<long>> DueAsync(int max, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.StarsReceipts.AsNoTracking()
            .Where(r => r.State == StarsReceiptState.Received && r.NextAttemptAt <= now && (r.ClaimedUntil == null || r.ClaimedUntil < now))
            .OrderBy(r => r.Id).Take(max).Select(r => r.Id).ToListAsync(ct);
    }

    /// <summary>Receipts the admins must hear about and have not: parked ones, and received ones that keep failing.</summary>
    public Task<List<long>> AlertDueAsync(int max, CancellationToken ct) =>
        db.StarsReceipts.AsNoTracking()
            .Where(r => r.AlertedAt == null && (r.State == StarsReceiptState.Unmatched || r.State == StarsReceiptState.Held
                || (r.State == StarsReceiptState.Received && r.Attempts >= AlertAfterAttempts)))
            .OrderBy(r => r.Id).Take(max).Select(r => r.Id).ToListAsync(ct);

    /// <summary>True for the one caller that gets to send the alert.</summary>
    public async Task<bool> ClaimAlertAsync(long id, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"UPDATE stars_receipts SET alerted_at = {time.GetUtcNow()} WHERE id = {id} AND alerted_at IS NULL", ct) == 1;

    /// <summary>The alert could not be sent: the retry job tries again.</summary>
    public Task ReleaseAlertAsync(long id, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"UPDATE stars_receipts SET alerted_at = NULL WHERE id = {id}", ct);

    /// <summary>Takes an open receipt to refund it; false when it is closed or being applied or refunded right now.</summary>
    public async Task<bool> ClaimRefundAsync(long id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.Database.ExecuteSqlAsync($"""
            UPDATE stars_receipts SET claimed_until = {now + ClaimFor}, updated_at = {now}
            WHERE id = {id} AND state IN ('received', 'unmatched', 'held') AND (claimed_until IS NULL OR claimed_until < {now})
            """, ct) == 1;
    }

    public Task ReleaseAsync(long id, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"UPDATE stars_receipts SET claimed_until = NULL WHERE id = {id}", ct);

    /// <summary>The refund went through: closed as refunded, audited as "stars-refund".</summary>
    public Task<bool> MarkRefundedAsync(long actorTelegramId, long id, CancellationToken ct) =>
        CloseAsync(actorTelegramId, id, StarsReceiptState.Refunded, "stars-refund", ct);

    /// <summary>An admin settled it by hand: closed, audited as "stars-dealt-with".</summary>
    public async Task<bool> MarkDealtWithAsync(long actorTelegramId, long id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Not while someone is applying or refunding it: that step decides.
        if (await db.StarsReceipts.AnyAsync(r => r.Id == id && r.ClaimedUntil != null && r.ClaimedUntil >= now, ct)) return false;
        return await CloseAsync(actorTelegramId, id, StarsReceiptState.DealtWith, "stars-dealt-with", ct);
    }

    /// <summary>
    /// An admin's "Retry": a parked receipt goes back to received and every receipt is due at once (a new failure
    /// alerts again). Audited as "stars-retry". False when the receipt is closed or being worked on.
    /// </summary>
    public async Task<bool> ReopenAsync(long actorTelegramId, long id, CancellationToken ct) =>
        await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var before = await db.StarsReceipts.Where(r => r.Id == id).Select(r => (StarsReceiptState?)r.State).SingleOrDefaultAsync(t);
            var changed = await db.Database.ExecuteSqlAsync($"""
                UPDATE stars_receipts SET state = 'received', next_attempt_at = {now}, alerted_at = NULL, updated_at = {now}
                WHERE id = {id} AND state IN ('received', 'unmatched', 'held') AND (claimed_until IS NULL OR claimed_until < {now})
                """, t) == 1;
            if (changed) await AuditAsync(actorTelegramId, "stars-retry", id, before!.Value, StarsReceiptState.Received, now, t);
            return changed;
        }, ct);

    private async Task<bool> CloseAsync(long actorTelegramId, long id, StarsReceiptState state, string action, CancellationToken ct) =>
        await db.InTransactionAsync(async t =>
        {
            var now = time.GetUtcNow();
            var before = await db.StarsReceipts.Where(r => r.Id == id).Select(r => (StarsReceiptState?)r.State).SingleOrDefaultAsync(t);
            var text = SnakeCaseEnum<StarsReceiptState>.ToText(state);
            var changed = await db.Database.ExecuteSqlAsync($"""
                UPDATE stars_receipts SET state = {text}, claimed_until = NULL, updated_at = {now}
                WHERE id = {id} AND state IN ('received', 'unmatched', 'held')
                """, t) == 1;
            if (changed) await AuditAsync(actorTelegramId, action, id, before!.Value, state, now, t);
            return changed;
        }, ct);

    private async Task AuditAsync(long actor, string action, long id, StarsReceiptState before, StarsReceiptState after, DateTimeOffset now, CancellationToken ct)
    {
        db.AuditLog.Add(AdminAuditLog.Of(actor, action, "stars_receipt", id.ToString(CultureInfo.InvariantCulture), State(before), State(after), now));
        await db.SaveChangesAsync(ct);
    }

    private static string State(StarsReceiptState state) => $"{{\"state\":\"{SnakeCaseEnum<StarsReceiptState>.ToText(state)}\"}}";

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
