using System.Collections.Concurrent;
using VpnBot.Core.Operations;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>Operator alerts, recorded (the admin bot's own sending is tested through the host).</summary>
public sealed class RecordingOperatorAlerts : IOperatorAlerts
{
    public ConcurrentQueue<long> PaymentsNeedingReview { get; } = new();
    public ConcurrentQueue<long> FailingTasks { get; } = new();

    public Task PaymentNeedsReviewAsync(long paymentId, CancellationToken ct)
    {
        PaymentsNeedingReview.Enqueue(paymentId);
        return Task.CompletedTask;
    }

    public Task BackendTaskFailingAsync(long backendTaskId, CancellationToken ct)
    {
        FailingTasks.Enqueue(backendTaskId);
        return Task.CompletedTask;
    }
}
