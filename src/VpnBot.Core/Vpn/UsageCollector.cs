using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VpnBot.Core.Data;
using VpnBot.Core.Servers;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Vpn;

public sealed record UsageReport(int Servers, int ServersFailed, int Configs, int ConfigsMissing);

/// <summary>
/// Reads every active config's traffic counter from its backend, adds what was used since the last read to
/// its subscription (this period's <see cref="Subscription.TrafficUsedGb"/>), notes when it was last used, and
/// records one <see cref="ServerStats"/> row per server. One server at a time, one client at a time: a
/// collection must never load a panel the way a purchase storm does. A server that fails is skipped and
/// logged (nothing of it is written, so the next run's differences still hold); the others are collected.
/// A subscription whose period traffic reaches its limit is marked exhausted, a sync switches its keys off
/// on every backend (WireGuard and OpenVPN count nothing themselves), and the customer is told once.
/// </summary>
public sealed class UsageCollector(
    AppDbContext db, IVpnProviderFactory providers, BackendTaskSignal signal, ICustomerNotifier notifier, TimeProvider time, ILogger<UsageCollector> log)
{
    private const decimal BytesPerGb = 1024m * 1024m * 1024m;

    public async Task<UsageReport> CollectAsync(CancellationToken ct)
    {
        var serverIds = await db.VpnConfigs.Where(c => c.IsActive).Select(c => c.ServerId).Distinct().OrderBy(id => id).ToListAsync(ct);
        var (failed, read, missing) = (0, 0, 0);
        foreach (var serverId in serverIds)
        {
            var readings = await ReadServerAsync(serverId, ct);
            if (readings is null)
            {
                failed++;
                continue;
            }
            var exhausted = await StoreAsync(serverId, readings, ct);
            await AnnounceExhaustedAsync(exhausted, ct);
            read += readings.Count(r => r.Usage is not null);
            missing += readings.Count(r => r.Usage is null);
        }
        if (failed > 0 || missing > 0)
            log.LogInformation("Usage collected from {Servers} servers ({Failed} failed), {Configs} configs ({Missing} missing on their server)",
                serverIds.Count, failed, read, missing);
        return new UsageReport(serverIds.Count, failed, read, missing);
    }

    private sealed record Reading(long ConfigId, long SubscriptionId, long? LastCounter, ClientUsage? Usage);

    /// <summary>The network half: every active config's counters on one server, or null when the server failed.</summary>
    private async Task<List<Reading>?> ReadServerAsync(long serverId, CancellationToken ct)
    {
        var server = await db.Servers.AsNoTracking().SingleAsync(s => s.Id == serverId, ct);
        var configs = await db.VpnConfigs.AsNoTracking().Where(c => c.ServerId == serverId && c.IsActive).OrderBy(c => c.Id).ToListAsync(ct);
        var readings = new List<Reading>(configs.Count);
        try
        {
            foreach (var byProtocol in configs.GroupBy(c => c.Protocol))
            {
                var batch = byProtocol.ToList();
                var usages = await providers.Get(server, byProtocol.Key).GetUsagesAsync(server, batch, ct);
                readings.AddRange(batch.Select((c, i) => new Reading(c.Id, c.SubscriptionId, c.UsageCounterBytes, usages[i])));
            }
            return readings;
        }
        catch (VpnBackendException e)
        {
            log.LogWarning("Usage of server {Server} could not be collected: {Reason}", server.Name, e.Message);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Anything else one backend throws (a network error, odd JSON, a timeout, a bug) is that server's
            // problem too: it must not abort the collection of every other server.
            log.LogWarning(e, "Usage of server {Server} could not be collected: {Error}", server.Name, e.GetType().Name);
            return null;
        }
    }

    /// <summary>
    /// The database half, in one transaction: counters, increments and the stats row commit together. Increments
    /// are relative (traffic_used_gb + x), so a payment starting a new period meanwhile is not overwritten.
    /// </summary>
    private async Task<List<Exhausted>> StoreAsync(long serverId, List<Reading> readings, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await db.InTransactionAsync(async t =>
        {
            var (online, total) = (0, 0L);
            foreach (var (configId, subscriptionId, last, usage) in readings)
            {
                if (usage is null) continue; // deleted on the server behind our back: nothing to count
                var counter = usage.UploadBytes + usage.DownloadBytes;
                // A counter below what was credited was reset: everything on it is new.
                var credited = last is { } previous && counter >= previous ? previous : 0;
                // Whole thousandths of a GB (the column's scale); the rest stays on the counter for next time,
                // so a quiet phone's few hundred kilobytes per run are not rounded away forever.
                var gb = Math.Floor((counter - credited) / BytesPerGb * 1000m) / 1000m;
                var baseline = credited + (long)Math.Floor(gb * BytesPerGb);
                var seen = usage.LastSeen;
                await db.VpnConfigs.Where(c => c.Id == configId).ExecuteUpdateAsync(u => u
                    .SetProperty(c => c.UsageCounterBytes, baseline)
                    .SetProperty(c => c.LastUsed, c => seen != null && (c.LastUsed == null || seen > c.LastUsed) ? seen : c.LastUsed), t);
                if (gb > 0)
                    await db.Subscriptions.Where(s => s.Id == subscriptionId)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.TrafficUsedGb, s => s.TrafficUsedGb + gb), t);
                if (usage.Online) online++;
                total += counter;
            }
            db.ServerStats.Add(new ServerStats
            {
                ServerId = serverId, ActiveConnections = online, TotalTrafficGb = Math.Round(total / BytesPerGb, 3), RecordedAt = now,
            });
            var exhausted = await MarkExhaustedAsync(readings.Select(r => r.SubscriptionId).Distinct().ToList(), now, t);
            await db.SaveChangesAsync(t);
            db.ChangeTracker.Clear();
            return exhausted;
        }, ct);
    }

    private sealed record Exhausted(long SubscriptionId, long UserId, int LimitGb);

    /// <summary>Marks (once) the subscriptions that used up their traffic and queues the sync that switches their keys off.</summary>
    private async Task<List<Exhausted>> MarkExhaustedAsync(List<long> subscriptionIds, DateTimeOffset now, CancellationToken ct)
    {
        var crossed = await db.Subscriptions
            .Where(s => subscriptionIds.Contains(s.Id) && s.Status == SubscriptionStatus.Active && s.TrafficExhaustedAt == null
                && s.TrafficLimitGb != null && s.TrafficUsedGb >= s.TrafficLimitGb)
            .Select(s => new Exhausted(s.Id, s.UserId, s.TrafficLimitGb!.Value))
            .ToListAsync(ct);
        var marked = new List<Exhausted>(crossed.Count);
        foreach (var subscription in crossed)
        {
            // Conditional: a payment that started a new period meanwhile wins.
            var changed = await db.Subscriptions
                .Where(s => s.Id == subscription.SubscriptionId && s.TrafficExhaustedAt == null && s.TrafficUsedGb >= s.TrafficLimitGb)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.TrafficExhaustedAt, now), ct);
            if (changed == 0) continue;
            BackendTaskQueue.Add(db, BackendTaskKind.Sync, subscription.SubscriptionId, null, now);
            marked.Add(subscription);
        }
        return marked;
    }

    private async Task AnnounceExhaustedAsync(List<Exhausted> exhausted, CancellationToken ct)
    {
        if (exhausted.Count == 0) return;
        signal.Pulse();
        foreach (var (subscriptionId, userId, limitGb) in exhausted)
        {
            log.LogInformation("Subscription {SubscriptionId} used its {Limit} GB; keys switched off until renewal", subscriptionId, limitGb);
            try
            {
                await notifier.NoticeAsync(userId, NoticeKeys.TrafficExhausted, [subscriptionId, limitGb], ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not tell user {UserId} that subscription {SubscriptionId} ran out of traffic", userId, subscriptionId);
            }
        }
    }
}
