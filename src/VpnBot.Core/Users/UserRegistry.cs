using System.Data.Common;
using Npgsql;

namespace VpnBot.Core.Users;

/// <summary>
/// Registers a user or refreshes their names, language and last activity, and returns the
/// row: one INSERT ... ON CONFLICT ... RETURNING round trip per update. This is the hottest
/// statement in the system (every update of every bot), so it is hand-written SQL on the
/// pooled data source rather than a tracked EF entity.
/// </summary>
public sealed class UserRegistry(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns =
        "id, telegram_id, username, first_name, last_name, language_code, role, is_active, is_banned, " +
        "preferred_protocol, auto_select_protocol, trial_used, subscription_token, saved_payment_method_id, " +
        "created_at, updated_at, last_activity_at, ui_language";

    private const string UpsertSql =
        "INSERT INTO users (telegram_id, username, first_name, last_name, language_code, role, is_active, is_banned, " +
        "auto_select_protocol, trial_used, created_at, updated_at, last_activity_at) " +
        "VALUES ($1, $2, $3, $4, $5, 'client', TRUE, FALSE, TRUE, FALSE, $6, $6, $6) " +
        "ON CONFLICT (telegram_id) DO UPDATE SET " +
        "username = EXCLUDED.username, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, " +
        "language_code = COALESCE(EXCLUDED.language_code, users.language_code), is_active = TRUE, " +
        "updated_at = CASE WHEN (users.username, users.first_name, users.last_name, users.language_code) " +
        "IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.first_name, EXCLUDED.last_name, COALESCE(EXCLUDED.language_code, users.language_code)) " +
        "OR NOT users.is_active THEN EXCLUDED.updated_at ELSE users.updated_at END, " +
        "last_activity_at = EXCLUDED.last_activity_at " +
        "RETURNING " + Columns;

    public async Task<User> UpsertAsync(TelegramProfile profile, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = profile.TelegramId });
        command.Parameters.Add(Text(Clip(profile.Username, 64)));
        command.Parameters.Add(Text(Clip(profile.FirstName, 256)));
        command.Parameters.Add(Text(Clip(profile.LastName, 256)));
        command.Parameters.Add(Text(Clip(profile.LanguageCode, 16)));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return Read(reader);
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

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
    };

    /// <summary>Marks a user who blocked the bot (Telegram answered 403) so broadcasts skip them.</summary>
    public async Task MarkInactiveAsync(long telegramId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE users SET is_active = FALSE, updated_at = $2 WHERE telegram_id = $1 AND is_active");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = telegramId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(ct);
    }
}
