using Microsoft.EntityFrameworkCore;

namespace VpnBot.Core.Payments;

public sealed partial class PaymentService
{
    /// <summary>
    /// "I paid, where is my VPN?" and the pending-payments sweep: re-reads one of our pending payments from its
    /// provider and applies what it says. Also the safety net for a notification that never arrived.
    /// </summary>
    /// <exception cref="PaymentException">The provider could not be asked.</exception>
    /// <exception cref="NotSupportedException">The provider has no lookup (Telegram Stars).</exception>
    public async Task<PaymentOutcome> ConfirmFromProviderAsync(long paymentId, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, ct);
        if (payment is null) return new PaymentOutcome(PaymentOutcomeKind.UnknownPayment, paymentId, "no such payment");
        if (payment.Status != PaymentStatus.Pending || payment.ExternalPaymentId is null)
            return new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, $"payment is {payment.Status}") { UserId = payment.UserId };
        var gateway = Gateway(payment.PaymentMethod);
        if (gateway is not { IsConfigured: true })
            return new PaymentOutcome(PaymentOutcomeKind.Ignored, paymentId, $"{payment.PaymentMethod} is not configured") { UserId = payment.UserId };
        return await ConfirmFromProviderAsync(gateway.Name, await ReadAsync(gateway, payment.ExternalPaymentId, ct), ct);
    }

    /// <summary>
    /// A notification that is only a hint (YooKassa signs nothing): the payment is re-read from the provider
    /// and acted on only when the provider agrees with <paramref name="claimed"/>.
    /// </summary>
    /// <exception cref="PaymentException">The provider could not be asked; a <see cref="PaymentGatewayException"/> inside says why.</exception>
    public async Task<PaymentOutcome> ConfirmFromProviderAsync(string provider, string externalId, GatewayPaymentStatus claimed, CancellationToken ct)
    {
        var gateway = Gateway(provider);
        if (gateway is not { IsConfigured: true })
            return new PaymentOutcome(PaymentOutcomeKind.Ignored, null, $"{provider} is not configured");
        var state = await ReadAsync(gateway, externalId, ct);
        if (state.Status != claimed)
            return new PaymentOutcome(PaymentOutcomeKind.ProviderDisagrees, state.PaymentId, $"notification says {claimed}, {gateway.Name} says {state.Status} for {externalId}");
        return await ConfirmFromProviderAsync(gateway.Name, state, ct);
    }

    /// <summary>
    /// The provider's verified word on a payment (read from its API, a notification it signed, the answer to a
    /// renewal charge): succeeded completes, canceled fails, anything else waits. Every path above ends here.
    /// </summary>
    public Task<PaymentOutcome> ConfirmFromProviderAsync(string provider, GatewayPayment state, CancellationToken ct) => state.Status switch
    {
        GatewayPaymentStatus.Succeeded => CompleteAsync(
            new PaymentConfirmation(provider, PaymentEventKeys.Paid(state.ExternalId), state.ExternalId, state.PaymentId, state.Amount, state.Currency)
            { SavedPaymentMethodId = state.SavedPaymentMethodId }, ct),
        GatewayPaymentStatus.Canceled => FailAsync(
            provider, PaymentEventKeys.Canceled(state.ExternalId), state.ExternalId, state.PaymentId, state.CancellationReason ?? "canceled", ct),
        _ => Task.FromResult(new PaymentOutcome(PaymentOutcomeKind.Ignored, state.PaymentId, $"provider reports {state.Status}")),
    };

    /// <summary>
    /// A cheap read for webhooks: true when this provider event was already acted on, so a redelivery can be
    /// answered without re-reading the provider. Only a hint; the locked insert in the transaction decides.
    /// </summary>
    public Task<bool> IsProcessedAsync(string provider, string eventKey, CancellationToken ct) =>
        db.ProcessedEvents.AnyAsync(e => e.Provider == provider && e.EventKey == eventKey, ct);

    private static async Task<GatewayPayment> ReadAsync(IPaymentGateway gateway, string externalId, CancellationToken ct)
    {
        try
        {
            return await gateway.FetchAsync(externalId, ct);
        }
        catch (PaymentGatewayException e)
        {
            throw new PaymentException(PaymentError.ProviderFailed, $"{gateway.Name} is unavailable.", e);
        }
    }
}
