using System.Collections.Concurrent;
using VpnBot.Core.Users;

namespace VpnBot.Bench.Jobs;

/// <summary>Counts the notices (by customer, text and arguments) instead of sending them, so a repeat is visible.</summary>
public sealed class CountingNotifier : ICustomerNotifier
{
    private readonly ConcurrentDictionary<string, int> _sent = new();

    public Task PaymentCompletedAsync(long paymentId, bool configPending, CancellationToken ct) => Task.CompletedTask;

    public Task ConfigReadyAsync(long vpnConfigId, CancellationToken ct) => Task.CompletedTask;

    public Task NoticeAsync(long userId, string textKey, IReadOnlyList<object> args, CancellationToken ct)
    {
        _sent.AddOrUpdate($"{userId}|{textKey}|{string.Join(',', args)}", 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public int Duplicates() => _sent.Values.Count(n => n > 1);
}
