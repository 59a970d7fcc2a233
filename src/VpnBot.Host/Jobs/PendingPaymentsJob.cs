using VpnBot.Core.Payments;

namespace VpnBot.Host.Jobs;

/// <summary>Every 15 minutes: pending payments re-read from their providers (lost notifications), abandoned ones closed.</summary>
public sealed class PendingPaymentsJob(PendingPaymentSweep sweep)
{
    public async Task RunAsync(CancellationToken ct)
    {
        // One batch per run: at 15-minute intervals a backlog drains steadily without hammering a provider.
        await sweep.RunAsync(200, ct);
    }
}
