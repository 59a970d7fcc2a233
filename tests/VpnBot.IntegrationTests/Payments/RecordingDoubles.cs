using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using VpnBot.Core;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;
using VpnBot.Core.Vpn;
using VpnBot.Payments.Stars;
using VpnBot.TestKit.Database;

namespace VpnBot.IntegrationTests.Payments;

/// <summary>
/// Stands in for the VPN side: "provisions" by writing a real VpnConfig row, records every call with the
/// subscription state it saw, and can be told to fail like a panel that is down.
/// </summary>
public sealed class RecordingProvisioning(TestDatabase database, Func<long> serverId) : IProvisioningService
{
    private int _failuresLeft;

    public ConcurrentQueue<long> Provisioned { get; } = new();

    /// <summary>Each Sync with the status and expiry the server was told.</summary>
    public ConcurrentQueue<(long SubscriptionId, SubscriptionStatus Status, DateTimeOffset? ExpiresAt)> Synced { get; } = new();

    public ConcurrentQueue<long> Revoked { get; } = new();

    /// <summary>Calls block on this gate when set (a slow or hanging panel).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>The next <paramref name="count"/> calls throw a transient VpnBackendException.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public async Task<ProvisioningResult> ProvisionAsync(long subscriptionId, CancellationToken ct)
    {
        await BeforeCallAsync(ct);
        await using var db = database.CreateContext();
        var config = await db.VpnConfigs.FirstOrDefaultAsync(c => c.SubscriptionId == subscriptionId && c.IsActive, ct);
        if (config is null)
        {
            var now = DateTimeOffset.UtcNow;
            config = new VpnConfig
            {
                SubscriptionId = subscriptionId,
                ServerId = serverId(),
                Protocol = VpnProtocol.Vless,
                ExternalName = $"sub{subscriptionId}",
                ConnectionString = $"vless://00000000-0000-4000-8000-{subscriptionId:D12}@vpn.example:443?security=reality#sub{subscriptionId}",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.VpnConfigs.Add(config);
            await db.SaveChangesAsync(ct);
        }
        Provisioned.Enqueue(subscriptionId);
        return new ProvisioningResult(config, null, null);
    }

    public async Task SyncAsync(long subscriptionId, CancellationToken ct)
    {
        await BeforeCallAsync(ct);
        await using var db = database.CreateContext();
        var s = await db.Subscriptions.AsNoTracking().SingleAsync(x => x.Id == subscriptionId, ct);
        Synced.Enqueue((subscriptionId, s.Status, s.ExpiresAt));
    }

    public async Task RevokeAsync(long vpnConfigId, CancellationToken ct)
    {
        await BeforeCallAsync(ct);
        Revoked.Enqueue(vpnConfigId);
    }

    public Task<ProvisioningResult> ReissueAsync(long vpnConfigId, VpnProtocol? protocol, long? serverId, CancellationToken ct) =>
        throw new NotSupportedException("not used by payments");

    private async Task BeforeCallAsync(CancellationToken ct)
    {
        if (Gate is { } gate) await gate.Task.WaitAsync(ct);
        int left;
        do
        {
            left = Volatile.Read(ref _failuresLeft);
            if (left <= 0) return;
        }
        while (Interlocked.CompareExchange(ref _failuresLeft, left - 1, left) != left);
        throw new VpnBackendException(VpnBackendError.Unreachable, "panel vpn.example:2053 refused the connection");
    }
}

/// <summary>What the client bot would have sent the customer.</summary>
public sealed class RecordingNotifier : ICustomerNotifier
{
    public ConcurrentQueue<(long PaymentId, bool ConfigPending)> PaymentsCompleted { get; } = new();
    public ConcurrentQueue<long> ConfigsReady { get; } = new();
    public ConcurrentQueue<(long UserId, string Key, IReadOnlyList<object> Args)> Notices { get; } = new();

    public Task PaymentCompletedAsync(long paymentId, bool configPending, CancellationToken ct)
    {
        PaymentsCompleted.Enqueue((paymentId, configPending));
        return Task.CompletedTask;
    }

    public Task ConfigReadyAsync(long vpnConfigId, CancellationToken ct)
    {
        ConfigsReady.Enqueue(vpnConfigId);
        return Task.CompletedTask;
    }

    /// <summary>When set and it returns an exception for a notice key, that notice throws it instead of being sent.</summary>
    public Func<string, Exception?>? FailNotice { get; set; }

    public Task NoticeAsync(long userId, string textKey, IReadOnlyList<object> args, CancellationToken ct)
    {
        if (FailNotice?.Invoke(textKey) is { } failure) throw failure;
        Notices.Enqueue((userId, textKey, args));
        return Task.CompletedTask;
    }
}

/// <summary>The host's Bot API calls for Stars, recorded.</summary>
public sealed class RecordingTelegramStars : ITelegramStars
{
    public ConcurrentQueue<StarsInvoice> Invoices { get; } = new();
    public ConcurrentQueue<(long UserTelegramId, string ChargeId)> Refunds { get; } = new();

    public Task<string> CreateInvoiceLinkAsync(StarsInvoice invoice, CancellationToken ct)
    {
        Invoices.Enqueue(invoice);
        return Task.FromResult("https://t.me/$" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(invoice.Payload)));
    }

    public Task RefundStarPaymentAsync(long userTelegramId, string telegramPaymentChargeId, CancellationToken ct)
    {
        Refunds.Enqueue((userTelegramId, telegramPaymentChargeId));
        return Task.CompletedTask;
    }
}
