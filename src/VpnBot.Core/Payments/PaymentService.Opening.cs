using Microsoft.EntityFrameworkCore;
using VpnBot.Core.Data;

namespace VpnBot.Core.Payments;

public sealed partial class PaymentService
{
    /// <summary>A provider event about one of our payments, found by the provider's id, else by ours echoed back.</summary>
    private sealed record PaymentEvent(string Provider, string EventKey, string? ExternalId, long? PaymentId);

    /// <summary>The locked payment to act on, or the answer when there is nothing to do (never both).</summary>
    private readonly record struct Opening(Payment? Payment, PaymentOutcome? Answer);

    /// <summary>
    /// How every provider event starts, inside the caller's transaction: lock our payment, record the event
    /// (the unique row in processed_events makes a redelivery a no-op), and answer "already handled" or
    /// "nothing to do" when the payment cannot take <paramref name="move"/>. Whatever the answer, the event stays
    /// recorded: a repeat of it is then recognised without re-reading the payment.
    /// </summary>
    private async Task<Opening> OpenEventAsync(PaymentEvent e, PaymentMove move, DateTimeOffset now, CancellationToken ct)
    {
        var payment = await LockForEventAsync(e.Provider, e.ExternalId, e.PaymentId, ct);
        if (payment is null)
            return new(null, new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, e.PaymentId, $"no payment of ours matches {e.Provider} {e.ExternalId}"));
        if (!await RecordEventAsync(e.Provider, e.EventKey, now, ct))
            return new(null, new PaymentOutcome(PaymentOutcomeKind.Duplicate, payment.Id, "event already processed") { UserId = payment.UserId });
        return Refuse(payment, move);
    }

    /// <summary>The same opening for our own decisions (an admin's, the sweep's): no provider event to record.</summary>
    private async Task<Opening> OpenAsync(long paymentId, PaymentMove move, CancellationToken ct) =>
        await db.LockPaymentAsync(paymentId, ct) is { } payment
            ? Refuse(payment, move)
            : new(null, new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, paymentId, "no such payment"));

    private static Opening Refuse(Payment payment, PaymentMove move) => payment.Refusal(move) is { } refusal
        ? new(null, new PaymentOutcome(refusal.Kind, payment.Id, refusal.Reason) { UserId = payment.UserId })
        : new(payment, null);

    /// <summary>
    /// Locks our payment for a provider event: by the provider's id, else by our id echoed back in
    /// metadata/payload (the answer to "create" may have been lost before we stored the provider's id).
    /// </summary>
    private async Task<Payment?> LockForEventAsync(string provider, string? externalId, long? paymentId, CancellationToken ct)
    {
        if (externalId is not null && await db.LockPaymentAsync(provider, externalId, ct) is { } byExternal) return byExternal;
        if (paymentId is null) return null;
        var byId = await db.LockPaymentAsync(paymentId.Value, ct);
        return byId is not null && Matches(byId, provider, externalId) ? byId : null;
    }

    /// <summary>A locked payment matches the event when provider and external id agree (a foreign external id is a forgery or a mix-up).</summary>
    private static bool Matches(Payment payment, string provider, string? externalId) =>
        payment.PaymentMethod == provider
        && (externalId is null || payment.ExternalPaymentId is null || payment.ExternalPaymentId == externalId);

    /// <summary>Inserts the processed-event row; false when it already existed (a repeat). Waits for a concurrent inserter to finish.</summary>
    private async Task<bool> RecordEventAsync(string provider, string eventKey, DateTimeOffset now, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO processed_events (provider, event_key, processed_at) VALUES ({provider}, {eventKey}, {now})
            ON CONFLICT (provider, event_key) DO NOTHING
            """, ct) == 1;
}
