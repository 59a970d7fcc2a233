using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;

namespace VpnBot.Core.Referrals;

public enum AttributionResult { Attributed, ProgramOff, UnknownCode, ExistingCustomer, Self, Cycle, AlreadyAttributed }

/// <summary>
/// Who invited whom. A customer is attributed once and for good, only at the /start that created them: an existing
/// customer following a link keeps having no inviter (otherwise friends could trade links for rewards), nobody invites
/// themselves, and no chain of invitations may lead back to the newcomer (a cycle would let two accounts reward each
/// other). The update is conditional on the inviter being still unset, under the newcomer's row lock.
/// </summary>
public sealed class ReferralAttribution(AppDbContext db, ReferralProgram program, TimeProvider time, ILogger<ReferralAttribution> log)
{
    public const int CodeLength = 8;

    /// <summary>How far up an inviter's own chain the cycle check looks (chains are short; this bounds a bad one).</summary>
    private const int MaxChain = 64;

    /// <param name="justRegistered">The update carrying the link created the customer (see <see cref="Users.User.JustRegistered"/>).</param>
    public async Task<AttributionResult> AttributeAsync(long userId, string rawCode, bool justRegistered, CancellationToken ct)
    {
        if (OneTimeCodes.Normalize(rawCode, CodeLength) is not { } code) return AttributionResult.UnknownCode;
        if (!justRegistered) return AttributionResult.ExistingCustomer;
        if (!await program.IsOnAsync(ct)) return AttributionResult.ProgramOff;
        var result = await db.InTransactionAsync(async t =>
        {
            var user = await db.LockUserAsync(userId, t);
            if (user is null) return AttributionResult.UnknownCode;
            if (user.ReferredByUserId is not null) return AttributionResult.AlreadyAttributed;
            var referrerId = await db.Users.Where(u => u.ReferralCode == code).Select(u => (long?)u.Id).SingleOrDefaultAsync(t);
            if (referrerId is null) return AttributionResult.UnknownCode;
            if (referrerId == userId) return AttributionResult.Self;
            if (await LeadsBackToAsync(referrerId.Value, userId, t)) return AttributionResult.Cycle;
            // Belt and braces against a newcomer flag that lies: someone who paid or took the trial is no newcomer.
            if (user.TrialUsed || await db.Payments.AnyAsync(p => p.UserId == userId, t)) return AttributionResult.ExistingCustomer;
            var now = time.GetUtcNow();
            var changed = await db.Database.ExecuteSqlAsync($"""
                UPDATE users SET referred_by_user_id = {referrerId}, referred_at = {now}, updated_at = {now}
                WHERE id = {userId} AND referred_by_user_id IS NULL
                """, t);
            return changed == 1 ? AttributionResult.Attributed : AttributionResult.AlreadyAttributed;
        }, ct);
        log.LogInformation("Invite link {Code} for user {UserId}: {Result}", code, userId, result);
        return result;
    }

    /// <summary>True when <paramref name="userId"/> is <paramref name="referrerId"/> or one of the inviters above them.</summary>
    private async Task<bool> LeadsBackToAsync(long referrerId, long userId, CancellationToken ct)
    {
        long? current = referrerId;
        for (var i = 0; i < MaxChain && current is { } id; i++)
        {
            if (id == userId) return true;
            current = await db.Users.Where(u => u.Id == id).Select(u => u.ReferredByUserId).SingleOrDefaultAsync(ct);
        }
        return current is not null; // a chain longer than MaxChain is refused rather than trusted
    }

    /// <summary>The customer's invite code, made on first use (a conditional update; a rare clash with another code is retried).</summary>
    public async Task<string> CodeForAsync(long userId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.ReferralCode }).SingleOrDefaultAsync(ct)
                ?? throw new InvalidOperationException($"User {userId} not found.");
            if (row.ReferralCode is { } existing) return existing;
            var code = OneTimeCodes.New(CodeLength);
            try
            {
                await db.Database.ExecuteSqlAsync($"UPDATE users SET referral_code = {code} WHERE id = {userId} AND referral_code IS NULL", ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Unique index: another user has this code. Draw again.
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && attempt < 3)
            {
            }
        }
    }
}
