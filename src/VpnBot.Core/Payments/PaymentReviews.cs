using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Audit;
using VpnBot.Core.Data;

namespace VpnBot.Core.Payments;

public enum ReviewDecision
{
    Activate,
    Refund,
    Dismiss,

    /// <summary>The money went back outside the bot (Crypto Pay has no refund API): record it.</summary>
    RefundedByHand,
}

/// <summary>
/// The admins' side of payments held for review: the list, and each decision through <see cref="PaymentService"/>
/// (activate as offered, refund through the provider, or mark a settled one done), audited when it changed something.
/// </summary>
public sealed class PaymentReviews(AppDbContext db, PaymentService payments, TimeProvider time)
{
    public Task<List<Payment>> WaitingAsync(int max, CancellationToken ct) =>
        db.Payments.AsNoTracking().Include(p => p.User).Where(p => p.NeedsReview).OrderBy(p => p.Id).Take(max).ToListAsync(ct);

    public Task<Payment?> FindAsync(long paymentId, CancellationToken ct) =>
        db.Payments.AsNoTracking().Include(p => p.User).SingleOrDefaultAsync(p => p.Id == paymentId, ct);

    /// <exception cref="PaymentException">A refund the provider refused or cannot make.</exception>
    public async Task<PaymentOutcome> DecideAsync(long actorTelegramId, long paymentId, ReviewDecision decision, CancellationToken ct)
    {
        var before = await db.Payments.AsNoTracking().Where(p => p.Id == paymentId).Select(p => new { p.Status, p.NeedsReview }).SingleOrDefaultAsync(ct);
        var outcome = decision switch
        {
            ReviewDecision.Activate => await payments.ApproveReviewAsync(paymentId, ct),
            ReviewDecision.Refund => before is { NeedsReview: true }
                ? await payments.RefundAsync(paymentId, "refunded by an admin after review", ct)
                : new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, "not waiting for review"),
            ReviewDecision.RefundedByHand => before is { NeedsReview: true }
                ? await payments.RecordManualRefundAsync(paymentId, "refunded by hand by an admin after review", ct)
                : new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, "not waiting for review"),
            _ => await payments.DismissReviewAsync(paymentId, ct),
        };
        var after = await db.Payments.AsNoTracking().Where(p => p.Id == paymentId).Select(p => new { p.Status, p.NeedsReview }).SingleOrDefaultAsync(ct);
        if (before is not null && after is not null && (before.Status != after.Status || before.NeedsReview != after.NeedsReview || outcome.Kind == PaymentOutcomeKind.RefundPending))
        {
            db.AuditLog.Add(AdminAuditLog.Of(actorTelegramId, "payment-review-" + decision.ToString().ToLowerInvariant(), "payment",
                paymentId.ToString(CultureInfo.InvariantCulture), State(before.Status, before.NeedsReview), State(after.Status, after.NeedsReview), time.GetUtcNow()));
            await db.SaveChangesAsync(ct);
        }
        return outcome;
    }

    private static string State(PaymentStatus status, bool needsReview) =>
        $"{{\"status\":\"{status.ToString().ToLowerInvariant()}\",\"needs_review\":{(needsReview ? "true" : "false")}}}";
}
