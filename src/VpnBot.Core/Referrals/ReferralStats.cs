using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Referrals;

/// <summary>A customer's invitations: how many joined through their link, how many paid, what it earned (reversed rewards excluded).</summary>
public sealed record ReferralSummary(string Code, int Invited, int Paid, decimal EarnedRub, int EarnedDays);

/// <summary>One line of the admins' top referrers.</summary>
public sealed record TopReferrer(long UserId, long TelegramId, string? Username, string? FirstName, int Invited, int Paid, decimal EarnedRub, int EarnedDays, decimal Shortfall);

public sealed class ReferralStats(AppDbContext db, ReferralAttribution attribution)
{
    public async Task<ReferralSummary> ForCustomerAsync(long userId, CancellationToken ct)
    {
        var code = await attribution.CodeForAsync(userId, ct);
        var invited = await db.Users.CountAsync(u => u.ReferredByUserId == userId, ct);
        var paid = await db.Users.CountAsync(u => u.ReferredByUserId == userId
            && db.Payments.Any(p => p.UserId == u.Id && p.Status == PaymentStatus.Completed), ct);
        var rewards = db.ReferralRewards.Where(r => r.ReferrerUserId == userId && r.ReversedAt == null);
        var rub = await rewards.SumAsync(r => r.Amount, ct);
        var days = await rewards.SumAsync(r => r.Days, ct);
        return new ReferralSummary(code, invited, paid, rub, days);
    }

    /// <summary>The customers who invited the most paying friends (then the most friends).</summary>
    public async Task<IReadOnlyList<TopReferrer>> TopAsync(int count, CancellationToken ct)
    {
        var rows = await db.Users.AsNoTracking()
            .Where(r => db.Users.Any(u => u.ReferredByUserId == r.Id))
            .Select(r => new
            {
                r.Id, r.TelegramId, r.Username, r.FirstName,
                Invited = db.Users.Count(u => u.ReferredByUserId == r.Id),
                Paid = db.Users.Count(u => u.ReferredByUserId == r.Id && db.Payments.Any(p => p.UserId == u.Id && p.Status == PaymentStatus.Completed)),
                Rub = db.ReferralRewards.Where(x => x.ReferrerUserId == r.Id && x.ReversedAt == null).Sum(x => x.Amount),
                Days = db.ReferralRewards.Where(x => x.ReferrerUserId == r.Id && x.ReversedAt == null).Sum(x => x.Days),
                Shortfall = db.ReferralRewards.Where(x => x.ReferrerUserId == r.Id).Sum(x => x.Shortfall),
            })
            .OrderByDescending(x => x.Paid).ThenByDescending(x => x.Invited).ThenBy(x => x.Id)
            .Take(count)
            .ToListAsync(ct);
        return [.. rows.Select(x => new TopReferrer(x.Id, x.TelegramId, x.Username, x.FirstName, x.Invited, x.Paid, x.Rub, x.Days, x.Shortfall))];
    }
}
