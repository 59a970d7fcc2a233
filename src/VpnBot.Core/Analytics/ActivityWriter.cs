using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace VpnBot.Core.Analytics;

/// <summary>Inserts queued activity rows: up to <see cref="BatchSize"/> rows in one statement.</summary>
public sealed class ActivityWriter(ActivityLog activity, NpgsqlDataSource dataSource, ILogger<ActivityWriter> log)
{
    public const int BatchSize = 1000;
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    private const string InsertSql =
        "INSERT INTO user_activities (user_id, action, details, created_at) " +
        "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[])";

    /// <summary>Writes batches until the log is completed and drained, or <paramref name="ct"/> fires.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var batch = new List<ActivityEntry>(BatchSize);
        try
        {
            while (await activity.Pending.WaitToReadAsync(ct))
            {
                while (batch.Count < BatchSize && activity.Pending.TryRead(out var entry)) batch.Add(entry);
                await WriteAsync(batch, ct);
                var full = batch.Count == BatchSize;
                batch.Clear();
                // Let rows gather between statements: a few commits a second instead of one per update.
                if (!full) await Task.WhenAny(Task.Delay(Linger, ct), activity.Closing);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown without a drain: the rows still queued are lost, which analytics tolerates.
        }
    }

    public async Task WriteAsync(IReadOnlyList<ActivityEntry> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        try
        {
            await using var command = dataSource.CreateCommand(InsertSql);
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = batch.Select(e => e.UserId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(e => e.Action).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Details).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = batch.Select(e => e.At).ToArray() });
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            // Analytics must not take the bot down: a failed batch is logged and dropped.
            log.LogWarning(e, "Could not write {Count} activity rows", batch.Count);
        }
    }
}
