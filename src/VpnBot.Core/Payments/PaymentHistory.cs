using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Payments;

/// <summary>A customer's own payments: newest first for the profile screen, one by one for "I paid — check".</summary>
public sealed class PaymentHistory(AppDbContext db)
{
    public const int DefaultLimit = 10;

    public async Task<IReadOnlyList<PaymentRecord>> RecentAsync(long userId, int limit, CancellationToken ct) =>
        await db.Payments.AsNoTracking()
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Take(Math.Clamp(limit, 1, 50))
            .Select(p => new PaymentRecord(p.Id, p.CreatedAt, p.PaidAt, p.Amount, p.Currency, p.PaymentMethod, p.Status))
            .ToListAsync(ct);

    /// <summary>The status of one of the customer's payments; null when it is not theirs (button ids are user input).</summary>
    public Task<PaymentStatus?> StatusAsync(long userId, long paymentId, CancellationToken ct) =>
        db.Payments.AsNoTracking().Where(p => p.Id == paymentId && p.UserId == userId).Select(p => (PaymentStatus?)p.Status).SingleOrDefaultAsync(ct);
}

public sealed record PaymentRecord(long Id, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, decimal Amount, string Currency, string Method, PaymentStatus Status);
