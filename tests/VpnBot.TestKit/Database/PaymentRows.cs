using VpnBot.Core;
using VpnBot.Core.Data;
using VpnBot.Core.Payments;

namespace VpnBot.TestKit.Database;

/// <summary>
/// Payment history for tests that only read payments (dashboards, cards, analytics). The state is written as a
/// stored row, the way the database hands it back, not through the payment's moves: those are what the
/// payment tests prove, and a history row needs no subscription or provider event behind it.
/// </summary>
public static class PaymentRows
{
    public static Payment AddPaymentRow(this AppDbContext db, Payment payment, PaymentStatus status = PaymentStatus.Pending,
        string? externalId = null, DateTimeOffset? paidAt = null, string? reviewReason = null)
    {
        var entry = db.Payments.Add(payment);
        entry.Property(p => p.Status).CurrentValue = status;
        entry.Property(p => p.ExternalPaymentId).CurrentValue = externalId;
        entry.Property(p => p.PaidAt).CurrentValue = paidAt;
        entry.Property(p => p.NeedsReview).CurrentValue = reviewReason is not null;
        entry.Property(p => p.ReviewReason).CurrentValue = reviewReason;
        return payment;
    }
}
