using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Payments;

/// <summary>A customer's own payments, newest first, for the profile screen.</summary>
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
}

public sealed record PaymentRecord(long Id, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt, decimal Amount, string Currency, string Method, PaymentStatus Status);
