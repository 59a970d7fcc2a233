using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;
using VpnBot.Core.Operations;
using VpnBot.Core.Payments;

namespace VpnBot.Payments.Stars;

public enum StarsRefundResult { Refunded, NotOpen, Failed }

/// <summary>
/// Turns saved Stars receipts into access. A receipt is applied through the ordinary Stars completion, whose
/// processed-event row keyed by the charge id makes a second application a no-op, so retrying is always safe.
/// A receipt that cannot be applied is parked and the admins are alerted (once) with a refund button; one whose
/// handling fails is retried every minute and alerted after <see cref="StarsReceipts.AlertAfterAttempts"/> failures.
/// </summary>
public sealed class StarsReceiptProcessor(
    StarsReceipts receipts,
    StarsPaymentHandler stars,
    AppDbContext db,
    IEnumerable<ITelegramStars> telegram,
    IEnumerable<IStarsReceiptAlerts> alerts,
    ILogger<StarsReceiptProcessor> log)
{
    // Optional like ITelegramStars: the host's admin bot provides it; without one the log and the table keep the receipt.
    private readonly IStarsReceiptAlerts? _alerts = alerts.FirstOrDefault();

    /// <summary>Saves the receipt (a repeat is ignored) and applies it now. Never throws for a handling failure: the retry job takes over.</summary>
    public async Task<StarsReceipt?> RecordAndApplyAsync(StarsReceiptData data, CancellationToken ct)
    {
        await receipts.RecordAsync(data, ct);
        var receipt = await receipts.FindByChargeAsync(data.TelegramPaymentChargeId, ct);
        if (receipt is null) return null;
        return await ApplyAsync(receipt.Id, ct);
    }

    /// <summary>Applies one received receipt if nobody else is on it; returns its state afterwards.</summary>
    public async Task<StarsReceipt?> ApplyAsync(long receiptId, CancellationToken ct)
    {
        if (!await receipts.ClaimAsync(receiptId, ct)) return await receipts.FindAsync(receiptId, ct);
        var receipt = (await receipts.FindAsync(receiptId, ct))!;
        try
        {
            await ApplyClaimedAsync(receipt, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await FailAsync(receipt, e, ct);
        }
        return await receipts.FindAsync(receiptId, ct);
    }

    /// <summary>The retry job: every receipt whose turn has come, then alerts that are owed and were not sent.</summary>
    public async Task<int> RunDueAsync(int batch, CancellationToken ct)
    {
        var due = await receipts.DueAsync(batch, ct);
        foreach (var id in due) await ApplyAsync(id, ct);
        foreach (var id in await receipts.AlertDueAsync(batch, ct)) await AlertAsync(id, ct);
        return due.Count;
    }

    /// <summary>An admin's Retry: back to received (a parked receipt too) and applied at once.</summary>
    public async Task<StarsReceipt?> RetryNowAsync(long actorTelegramId, long receiptId, CancellationToken ct) =>
        await receipts.ReopenAsync(actorTelegramId, receiptId, ct) ? await ApplyAsync(receiptId, ct) : null;

    /// <summary>
    /// An admin's confirmed Refund: the Stars go back through refundStarPayment, then the receipt is closed as refunded.
    /// Only an open receipt, and only one caller at a time: a second press finds it closed and refunds nothing.
    /// </summary>
    public async Task<StarsRefundResult> RefundAsync(long actorTelegramId, long receiptId, CancellationToken ct)
    {
        if (!await receipts.ClaimRefundAsync(receiptId, ct)) return StarsRefundResult.NotOpen;
        var receipt = (await receipts.FindAsync(receiptId, ct))!;
        try
        {
            var client = telegram.FirstOrDefault() ?? throw new InvalidOperationException("Stars refunds need ITelegramStars from the host");
            await client.RefundStarPaymentAsync(receipt.TelegramUserId, receipt.TelegramPaymentChargeId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Refund of Stars payment {ChargeId} to {TelegramId} failed", receipt.TelegramPaymentChargeId, receipt.TelegramUserId);
            await receipts.ReleaseAsync(receiptId, CancellationToken.None);
            return StarsRefundResult.Failed;
        }
        // The Stars are back with the customer: recording that must not be cancelled halfway.
        await receipts.MarkRefundedAsync(actorTelegramId, receiptId, CancellationToken.None);
        log.LogInformation("Stars payment {ChargeId} ({Amount} {Currency}) refunded to {TelegramId} by admin {Admin}",
            receipt.TelegramPaymentChargeId, receipt.Amount, receipt.Currency, receipt.TelegramUserId, actorTelegramId);
        return StarsRefundResult.Refunded;
    }

    private async Task ApplyClaimedAsync(StarsReceipt receipt, CancellationToken ct)
    {
        if (StarsPayload.PaymentId(receipt.InvoicePayload) is null)
        {
            await ParkAsync(receipt, StarsReceiptState.Unmatched, "unknown invoice payload", ct);
            return;
        }
        // Product decision: a customer banned between pre-checkout and payment gets no access; the money is kept on
        // record and an admin refunds it (or unbans and retries).
        if (await db.Users.AnyAsync(u => u.TelegramId == receipt.TelegramUserId && u.IsBanned, ct))
        {
            await ParkAsync(receipt, StarsReceiptState.Held, "the customer is banned", ct);
            return;
        }
        var outcome = await stars.CompleteAsync(receipt.InvoicePayload, receipt.Currency, receipt.Amount, receipt.TelegramPaymentChargeId, ct);
        if (outcome.Kind == PaymentOutcomeKind.UnknownPayment)
        {
            await ParkAsync(receipt, StarsReceiptState.Unmatched, outcome.Reason, ct);
            return;
        }
        // Completed, a repeat of this very charge, or held for review by the payment itself: the payment owns it now.
        await receipts.MarkAppliedAsync(receipt.Id, outcome.PaymentId, ct);
        log.LogInformation("Stars payment {ChargeId} applied to payment {PaymentId}: {Outcome}", receipt.TelegramPaymentChargeId, outcome.PaymentId, outcome.Kind);
    }

    private async Task ParkAsync(StarsReceipt receipt, StarsReceiptState state, string reason, CancellationToken ct)
    {
        await receipts.MarkStuckAsync(receipt.Id, state, reason, ct);
        log.LogError("Stars payment {ChargeId} ({Amount} {Currency}) from {TelegramId} with payload {Payload} cannot be applied ({Reason}); the admins are asked to refund it",
            receipt.TelegramPaymentChargeId, receipt.Amount, receipt.Currency, receipt.TelegramUserId, receipt.InvoicePayload, reason);
        await AlertAsync(receipt.Id, ct);
    }

    private async Task FailAsync(StarsReceipt receipt, Exception e, CancellationToken ct)
    {
        log.LogError(e, "Stars payment {ChargeId} from {TelegramId} could not be applied; it is kept and retried", receipt.TelegramPaymentChargeId, receipt.TelegramUserId);
        int attempts;
        try
        {
            db.ChangeTracker.Clear();
            attempts = await receipts.RecordFailureAsync(receipt.Id, e.GetBaseException().Message, CancellationToken.None);
        }
        catch (Exception again) when (again is not OperationCanceledException)
        {
            // The database is down: the claim runs out and the retry job takes the receipt again.
            log.LogWarning("Could not count the failed attempt on Stars payment {ChargeId}: {Reason}", receipt.TelegramPaymentChargeId, again.Message);
            return;
        }
        if (attempts >= StarsReceipts.AlertAfterAttempts) await AlertAsync(receipt.Id, ct);
    }

    private async Task AlertAsync(long receiptId, CancellationToken ct)
    {
        try
        {
            if (_alerts is null)
            {
                log.LogWarning("No admin alerts are configured: Stars receipt {ReceiptId} waits in stars_receipts", receiptId);
                return;
            }
            if (!await receipts.ClaimAlertAsync(receiptId, ct)) return;
            try
            {
                await _alerts.StarsReceiptNeedsAttentionAsync(receiptId, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not alert the admins about Stars receipt {ReceiptId}; the retry job tries again", receiptId);
                await receipts.ReleaseAlertAsync(receiptId, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Could not claim the alert for Stars receipt {ReceiptId}: {Reason}", receiptId, e.Message);
        }
    }
}
