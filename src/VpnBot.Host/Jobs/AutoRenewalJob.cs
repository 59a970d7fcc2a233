using VpnBot.Core.Payments;

namespace VpnBot.Host.Jobs;

/// <summary>Hourly: charges saved payment methods of auto-renewing subscriptions that are about to expire.</summary>
public sealed class AutoRenewalJob(RenewalService renewals, ILogger<AutoRenewalJob> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var subscriptionId in await renewals.DueAsync(100, ct))
        {
            var result = await renewals.ChargeAsync(subscriptionId, ct);
            log.LogInformation("Auto-renewal of subscription {SubscriptionId}: {Status} {Reason}", subscriptionId, result.Status, result.Reason);
        }
    }
}
