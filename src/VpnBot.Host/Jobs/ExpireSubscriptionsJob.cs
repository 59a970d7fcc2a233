using VpnBot.Core.Subscriptions;

namespace VpnBot.Host.Jobs;

/// <summary>Every minute: subscriptions past their expiry become expired and their configs are disabled on the servers.</summary>
public sealed class ExpireSubscriptionsJob(SubscriptionService subscriptions, ILogger<ExpireSubscriptionsJob> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var total = 0;
        int expired;
        while ((expired = await subscriptions.ExpireDueAsync(100, ct)) > 0) total += expired;
        if (total > 0) log.LogInformation("Expired {Count} subscriptions", total);
    }
}
