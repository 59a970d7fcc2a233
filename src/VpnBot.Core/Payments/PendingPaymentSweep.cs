using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpnBot.Core.Data;

namespace VpnBot.Core.Payments;

/// <summary>Bound from <c>Payments:Sweep</c>.</summary>
public sealed class PaymentSweepOptions
{
    public const string Section = "Payments:Sweep";

    /// <summary>A pending payment this old is asked about at its provider (its notification may have been lost).</summary>
    public TimeSpan CheckAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A payment still pending at its provider this long after it was opened is given up as abandoned.</summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromDays(2);
}

public sealed record SweepReport(int Checked, int Completed, int Failed, int Abandoned);

/// <summary>
/// The safety net under payment notifications. A provider's notification can be lost (our host was down,
/// their retries gave up), and then a customer who paid waits for nothing. Every pending payment older than
/// <see cref="PaymentSweepOptions.CheckAfter"/> is re-read from its provider and what the provider says is
/// applied exactly as a notification would be: paid activates, canceled fails. What is still pending after
/// <see cref="PaymentSweepOptions.AbandonAfter"/> is marked failed; a late payment still activates it
/// (completion accepts a failed payment), so no money is ever refused. Payments held for review are left alone.
/// </summary>
public sealed class PendingPaymentSweep(AppDbContext db, PaymentService payments, TimeProvider time, IOptions<PaymentSweepOptions> options, ILogger<PendingPaymentSweep> log)
{
    public async Task<SweepReport> RunAsync(int batch, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        var o = options.Value;
        var now = time.GetUtcNow();
        var checkBefore = now - o.CheckAfter;
        var due = await db.Payments.AsNoTracking()
            .Where(p => p.Status == PaymentStatus.Pending && !p.NeedsReview && p.CreatedAt <= checkBefore)
            .OrderBy(p => p.CreatedAt).Take(batch)
            .Select(p => new { p.Id, p.CreatedAt, HasExternal = p.ExternalPaymentId != null })
            .ToListAsync(ct);
        var (completed, failed, abandoned) = (0, 0, 0);
        foreach (var payment in due)
        {
            var outcome = payment.HasExternal ? await AskProviderAsync(payment.Id, ct) : null;
            if (outcome?.Kind == PaymentOutcomeKind.Completed) completed++;
            else if (outcome?.Kind == PaymentOutcomeKind.Failed) failed++;
            else if (payment.CreatedAt <= now - o.AbandonAfter && await payments.AbandonAsync(payment.Id, ct)) abandoned++;
        }
        if (completed + failed + abandoned > 0)
            log.LogInformation("Pending payments swept: {Checked} checked, {Completed} completed (notification lost), {Failed} failed, {Abandoned} abandoned",
                due.Count, completed, failed, abandoned);
        return new SweepReport(due.Count, completed, failed, abandoned);
    }

    /// <summary>The provider's word on one payment, or null when it could not be asked (down, or no lookup API).</summary>
    private async Task<PaymentOutcome?> AskProviderAsync(long paymentId, CancellationToken ct)
    {
        try
        {
            return await payments.ConfirmFromProviderAsync(paymentId, ct);
        }
        catch (PaymentException e)
        {
            log.LogWarning("Pending payment {PaymentId} could not be checked: {Reason}", paymentId, e.Message);
            return null;
        }
        catch (NotSupportedException)
        {
            return null; // Telegram Stars: no lookup; successful_payment is the only proof
        }
    }
}
