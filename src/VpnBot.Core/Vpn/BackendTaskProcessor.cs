using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpnBot.Core.Data;
using VpnBot.Core.Subscriptions;
using VpnBot.Core.Users;

namespace VpnBot.Core.Vpn;

/// <summary>
/// Works off the durable <see cref="BackendTask"/> outbox: claims due tasks (FOR UPDATE SKIP LOCKED, so
/// several workers never take the same one), runs each in its own DI scope, and records success or a
/// backoff. A crash between "paid" and "provisioned" leaves the task row in place; the next run picks it up
/// once its lease ends. Tasks of one subscription run strictly in the order they were queued.
/// </summary>
public sealed class BackendTaskProcessor(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<BackendTaskOptions> options,
    ILogger<BackendTaskProcessor> log)
{
    private const int MaxErrorLength = 1024;

    /// <summary>Runs up to <paramref name="batch"/> due tasks; returns how many were attempted (0 = nothing due).</summary>
    public async Task<int> RunDueAsync(int batch, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tasks = await ClaimAsync(db, batch, ct);
        foreach (var task in tasks)
        {
            ct.ThrowIfCancellationRequested();
            await RunOneAsync(db, task, ct);
        }
        return tasks.Count;
    }

    private async Task<List<BackendTask>> ClaimAsync(AppDbContext db, int batch, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var leaseUntil = now + options.Value.Lease;
        // Claiming moves next_attempt_at past the lease: other workers skip the row, and a crashed worker's
        // task becomes due again by itself. An unfinished earlier task of the same subscription holds later ones back.
        var claimed = await db.BackendTasks.FromSql($"""
            UPDATE backend_tasks AS t SET next_attempt_at = {leaseUntil}
            FROM (
                SELECT c.id FROM backend_tasks AS c
                WHERE c.completed_at IS NULL AND c.next_attempt_at <= {now}
                  AND NOT EXISTS (SELECT 1 FROM backend_tasks AS e
                                  WHERE e.subscription_id = c.subscription_id AND e.completed_at IS NULL AND e.id < c.id)
                ORDER BY c.next_attempt_at, c.id
                LIMIT {batch}
                FOR UPDATE SKIP LOCKED
            ) AS due
            WHERE t.id = due.id
            RETURNING t.*
            """).AsNoTracking().ToListAsync(ct);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    private async Task RunOneAsync(AppDbContext db, BackendTask task, CancellationToken ct)
    {
        try
        {
            var done = await ExecuteAsync(task, ct);
            var now = time.GetUtcNow();
            await db.BackendTasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.CompletedAt, now)
                .SetProperty(t => t.VpnConfigId, done.VpnConfigId ?? task.VpnConfigId)
                .SetProperty(t => t.LastError, done.Note), ct);
            log.LogInformation("Backend task {TaskId} ({Kind}) for subscription {SubscriptionId} done after {Attempts} failed attempts{Note}",
                task.Id, task.Kind, task.SubscriptionId, task.Attempts, done.Note is null ? "" : ": " + done.Note);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // shutting down: the lease runs out and the task is picked up again
        }
        catch (Exception e)
        {
            await RecordFailureAsync(db, task, e, ct);
        }
    }

    private async Task RecordFailureAsync(AppDbContext db, BackendTask task, Exception e, CancellationToken ct)
    {
        var o = options.Value;
        var attempts = task.Attempts + 1;
        var delay = BackendRetry.Delay(attempts, o.RetryBaseDelay, o.RetryMaxDelay, Random.Shared.NextDouble());
        var next = time.GetUtcNow() + delay;
        var error = Describe(e);
        try
        {
            await db.BackendTasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Attempts, attempts)
                .SetProperty(t => t.NextAttemptAt, next)
                .SetProperty(t => t.LastError, error), ct);
        }
        catch (Exception bookkeeping) when (bookkeeping is not OperationCanceledException)
        {
            // The lease still expires, so the task is retried even though this failure was not recorded.
            log.LogError(bookkeeping, "Could not record the failure of backend task {TaskId}", task.Id);
        }

        var permanent = e is VpnBackendException { IsTransient: false };
        var level = attempts >= o.AlertAfterAttempts || permanent ? LogLevel.Error : LogLevel.Warning;
        log.Log(level, "Backend task {TaskId} ({Kind}) for subscription {SubscriptionId} failed (attempt {Attempts}), retrying in {Delay}: {Error}",
            task.Id, task.Kind, task.SubscriptionId, attempts, delay, error);
        // Once per task: when it first looks permanent, or when retrying has gone on long enough to need a person.
        if (attempts == o.AlertAfterAttempts || (permanent && attempts == 1)) await AlertAsync(task.Id, ct);
    }

    private async Task AlertAsync(long taskId, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Operations.IOperatorAlerts>().BackendTaskFailingAsync(taskId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not alert the admins about backend task {TaskId}", taskId);
        }
    }

    private async Task<TaskDone> ExecuteAsync(BackendTask task, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var provisioning = services.GetRequiredService<IProvisioningService>();
        switch (task.Kind)
        {
            case BackendTaskKind.Provision:
                var db = services.GetRequiredService<AppDbContext>();
                var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == task.SubscriptionId, ct);
                if (subscription is null) return new TaskDone(null, "skipped: subscription no longer exists");
                // Suspended or lapsed while the task waited: a later renewal queues a fresh provision.
                if (!subscription.IsActiveAt(time.GetUtcNow())) return new TaskDone(null, "skipped: subscription not active");
                var result = await provisioning.ProvisionAsync(task.SubscriptionId, ct);
                if (result.FellBackFrom is { } preferred)
                    log.LogWarning("Subscription {SubscriptionId} got {Protocol} instead of {Preferred}: {Reason}",
                        task.SubscriptionId, result.Config.Protocol, preferred, result.FallbackReason);
                // Deliver before completing: a failed delivery retries the (idempotent) provision and delivers again.
                await services.GetRequiredService<ICustomerNotifier>().ConfigReadyAsync(result.Config.Id, ct);
                return new TaskDone(result.Config.Id, null);
            case BackendTaskKind.Revoke:
                if (task.VpnConfigId is not { } configId) return new TaskDone(null, "skipped: no config to revoke");
                await provisioning.RevokeAsync(configId, ct);
                return new TaskDone(null, null);
            default: // Sync, Enable, Disable: the subscription's current state says what the server must show.
                await provisioning.SyncAsync(task.SubscriptionId, ct);
                return new TaskDone(null, null);
        }
    }

    /// <summary>What is stored and logged: the type and message (VpnBackendException messages never carry secrets).</summary>
    internal static string Describe(Exception e)
    {
        var text = e is VpnBackendException vbe ? $"{vbe.Error}: {vbe.Message}" : $"{e.GetType().Name}: {e.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    private sealed record TaskDone(long? VpnConfigId, string? Note);
}
