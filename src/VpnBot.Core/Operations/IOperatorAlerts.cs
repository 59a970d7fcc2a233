namespace VpnBot.Core.Operations;

/// <summary>
/// Tells the people running the service about something only they can settle. Implemented by the admin
/// bot; Core services call it after their transaction has committed, and a failure to alert never undoes
/// or blocks the work itself.
/// </summary>
public interface IOperatorAlerts
{
    /// <summary>A payment is held for review (paid amount differs, partial refund, plan gone): an admin decides.</summary>
    Task PaymentNeedsReviewAsync(long paymentId, CancellationToken ct);

    /// <summary>A change keeps failing to reach a VPN server (panel down, server gone): a customer is waiting on it.</summary>
    Task BackendTaskFailingAsync(long backendTaskId, CancellationToken ct);
}
