namespace VpnBot.Core.Users;

/// <summary>
/// Tells a customer about something that happened outside their conversation with the bot
/// (a payment arrived, a config became ready, a subscription is about to expire). Implemented
/// by the client bot; Core services call it after their transaction has committed.
/// </summary>
public interface ICustomerNotifier
{
    /// <summary>The payment was credited; when <paramref name="configPending"/> the config is still being set up.</summary>
    Task PaymentCompletedAsync(long paymentId, bool configPending, CancellationToken ct);

    /// <summary>The config is ready: send it (link/file, QR, instructions).</summary>
    Task ConfigReadyAsync(long vpnConfigId, CancellationToken ct);

    /// <summary>A localized notice by resource key, with format arguments and optional buttons chosen by the key.</summary>
    Task NoticeAsync(long userId, string textKey, IReadOnlyList<object> args, CancellationToken ct);
}
