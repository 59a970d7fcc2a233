namespace VpnBot.Core.Operations;

/// <summary>
/// Tells the admins about a Telegram Stars payment that could not be applied (no matching order, a banned
/// customer, or handling that keeps failing), with a way to refund it. Implemented by the admin bot.
/// </summary>
public interface IStarsReceiptAlerts
{
    Task StarsReceiptNeedsAttentionAsync(long receiptId, CancellationToken ct);
}
