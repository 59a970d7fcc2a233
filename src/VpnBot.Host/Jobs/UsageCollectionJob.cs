using VpnBot.Core.Vpn;

namespace VpnBot.Host.Jobs;

/// <summary>Every 10 minutes: traffic used per subscription, last use per key, one stats row per server.</summary>
public sealed class UsageCollectionJob(UsageCollector collector)
{
    public Task RunAsync(CancellationToken ct) => collector.CollectAsync(ct);
}
