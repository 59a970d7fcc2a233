using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace VpnBot.Core.Promotions;

public sealed partial class PromoCodes
{
    private const string PersonalAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: read off a screen and typed

    /// <summary>
    /// A personal one-use code (e.g. the last win-back message's offer): <paramref name="percentOff"/> off one purchase
    /// by <paramref name="userId"/> only, valid for <paramref name="validFor"/> from now. Random, so it cannot be guessed.
    /// </summary>
    public async Task<PromoCode> IssuePersonalAsync(long userId, int percentOff, TimeSpan validFor, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentOff, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentOff, 99);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validFor, TimeSpan.Zero);
        var now = time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var code = new PromoCode
            {
                Code = "U" + RandomNumberGenerator.GetString(PersonalAlphabet, 9),
                Kind = PromoKind.Percent,
                Value = percentOff,
                MaxUses = 1,
                PerCustomer = 1,
                ValidUntil = now + validFor,
                OwnerUserId = userId,
                CreatedAt = now,
            };
            db.PromoCodes.Add(code);
            try
            {
                await db.SaveChangesAsync(ct);
                return code;
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && attempt < 3)
            {
                db.Entry(code).State = EntityState.Detached; // 32^9 codes: a collision is rare, another draw is enough
            }
        }
    }
}
