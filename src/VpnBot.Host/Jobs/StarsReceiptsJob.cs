using VpnBot.Payments.Stars;

namespace VpnBot.Host.Jobs;

/// <summary>Every minute: Stars receipts whose handling failed are applied again, and owed admin alerts are sent.</summary>
public sealed class StarsReceiptsJob(StarsReceiptProcessor processor)
{
    public Task RunAsync(CancellationToken ct) => processor.RunDueAsync(100, ct);
}
