using System.Data.Common;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace VpnBot.Core.Users;

/// <summary>
/// Registers a user or refreshes their names, language and last activity, and returns the row.
/// This is the hottest statement in the system (every update of every bot), so concurrent calls
/// are coalesced: whatever arrives while a statement is in flight goes out together as one
/// multi-row INSERT ... SELECT FROM unnest(...) ON CONFLICT ... RETURNING. Under light load a
/// batch is a single row and nothing waits; under a burst, one round trip and one commit serve
/// hundreds of updates. Rows are sorted by telegram_id so concurrent batches lock in one order
/// and cannot deadlock.
/// </summary>
public sealed class UserRegistry : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private const int MaxInFlight = 4;

    private const string Columns =
        "id, telegram_id, username, first_name, last_name, language_code, role, is_active, is_banned, " +
        "preferred_protocol, auto_select_protocol, trial_used, subscription_token, saved_payment_method_id, " +
        "created_at, updated_at, last_activity_at, ui_language";

    private const string UpsertSql =
        "INSERT INTO users AS u (telegram_id, username, first_name, last_name, language_code, role, is_active, is_banned, " +
        "auto_select_protocol, trial_used, created_at, updated_at, last_activity_at) " +
        "SELECT t.id, t.un, t.fn, t.ln, t.lc, 'client', TRUE, FALSE, TRUE, FALSE, $6, $6, $6 " +
        "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, un, fn, ln, lc) ORDER BY t.id " +
        "ON CONFLICT (telegram_id) DO UPDATE SET " +
        "username = EXCLUDED.username, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, " +
        "language_code = COALESCE(EXCLUDED.language_code, u.language_code), is_active = TRUE, " +
        "updated_at = CASE WHEN (u.username, u.first_name, u.last_name, u.language_code) " +
        "IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.first_name, EXCLUDED.last_name, COALESCE(EXCLUDED.language_code, u.language_code)) " +
        "OR NOT u.is_active THEN EXCLUDED.updated_at ELSE u.updated_at END, " +
        "last_activity_at = EXCLUDED.last_activity_at " +
        // xmax = 0 only on a row this statement inserted: the update that created the user (referrals need to know).
        "RETURNING " + Columns + ", (u.xmax = 0) AS inserted";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight);
    private readonly Task _pump;

    public UserRegistry(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
        _pump = Task.Run(PumpAsync);
    }

    public Task<User> UpsertAsync(TelegramProfile profile, CancellationToken ct)
    {
        var pending = new Pending(profile with
        {
            Username = Clip(profile.Username, 64), FirstName = Clip(profile.FirstName, 256),
            LastName = Clip(profile.LastName, 256), LanguageCode = Clip(profile.LanguageCode, 16),
        });
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(UserRegistry));
        return pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>Marks a user who blocked the bot (Telegram answered 403) so broadcasts skip them.</summary>
    public async Task MarkInactiveAsync(long telegramId, CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand("UPDATE users SET is_active = FALSE, updated_at = $2 WHERE telegram_id = $1 AND is_active");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = telegramId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = _time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump;
        for (var i = 0; i < MaxInFlight; i++) await _inFlight.WaitAsync();
        _inFlight.Dispose();
    }

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            // Only take a batch when a statement slot is free: the queue fills meanwhile.
            await _inFlight.WaitAsync();
            var batch = new List<Pending>(16);
            while (batch.Count < MaxBatch && reader.TryRead(out var p)) batch.Add(p);
            if (batch.Count == 0)
            {
                _inFlight.Release();
                continue;
            }
            _ = RunBatchAsync(batch);
        }
    }

    private async Task RunBatchAsync(List<Pending> batch)
    {
        try
        {
            var byId = new SortedDictionary<long, TelegramProfile>();
            foreach (var p in batch) byId[p.Profile.TelegramId] = p.Profile; // the latest profile wins
            var rows = await ExecuteAsync(byId.Values);
            foreach (var p in batch)
                if (rows.TryGetValue(p.Profile.TelegramId, out var user)) p.Done.TrySetResult(user.Clone());
                else p.Done.TrySetException(new InvalidOperationException($"User {p.Profile.TelegramId} was not returned by the upsert."));
        }
        catch (Exception e)
        {
            foreach (var p in batch) p.Done.TrySetException(e);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task<Dictionary<long, User>> ExecuteAsync(ICollection<TelegramProfile> profiles)
    {
        await using var command = _dataSource.CreateCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = profiles.Select(p => p.TelegramId).ToArray() });
        command.Parameters.Add(TextArray(profiles.Select(p => p.Username)));
        command.Parameters.Add(TextArray(profiles.Select(p => p.FirstName)));
        command.Parameters.Add(TextArray(profiles.Select(p => p.LastName)));
        command.Parameters.Add(TextArray(profiles.Select(p => p.LanguageCode)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = _time.GetUtcNow() });
        var result = new Dictionary<long, User>(profiles.Count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var user = Read(reader);
            result[user.TelegramId] = user;
        }
        return result;
    }

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static string? Clip(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;

    private static User Read(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        TelegramId = r.GetInt64(1),
        Username = r.IsDBNull(2) ? null : r.GetString(2),
        FirstName = r.IsDBNull(3) ? null : r.GetString(3),
        LastName = r.IsDBNull(4) ? null : r.GetString(4),
        LanguageCode = r.IsDBNull(5) ? null : r.GetString(5),
        Role = Data.SnakeCaseEnum<UserRole>.Parse(r.GetString(6)),
        IsActive = r.GetBoolean(7),
        IsBanned = r.GetBoolean(8),
        PreferredProtocol = r.IsDBNull(9) ? null : Data.SnakeCaseEnum<VpnProtocol>.Parse(r.GetString(9)),
        AutoSelectProtocol = r.GetBoolean(10),
        TrialUsed = r.GetBoolean(11),
        SubscriptionToken = r.IsDBNull(12) ? null : r.GetString(12),
        SavedPaymentMethodId = r.IsDBNull(13) ? null : r.GetString(13),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(14),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(15),
        LastActivityAt = r.GetFieldValue<DateTimeOffset>(16),
        UiLanguage = r.IsDBNull(17) ? null : r.GetString(17),
        JustRegistered = r.GetBoolean(18),
    };

    private sealed class Pending(TelegramProfile profile)
    {
        public TelegramProfile Profile { get; } = profile;
        public TaskCompletionSource<User> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
