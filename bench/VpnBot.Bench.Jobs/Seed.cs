using System.Globalization;
using Npgsql;

namespace VpnBot.Bench.Jobs;

/// <summary>
/// Seeds in PostgreSQL itself (INSERT … SELECT generate_series): one user and one subscription each, expiries spread
/// evenly over 60 days back and 60 days ahead of <c>t0</c>, with the reminders and win-back messages of everything
/// that crossed a stage more than 15 minutes ago marked as sent (what a job running every 15 minutes leaves behind).
/// </summary>
internal static class Seed
{
    public static async Task RunAsync(string connectionString, int count, DateTimeOffset t0)
    {
        var step = (120.0 * 86400 / count).ToString("R", CultureInfo.InvariantCulture);
        await ExecuteAsync(connectionString, $"""
            INSERT INTO users (telegram_id, role, is_active, is_banned, auto_select_protocol, trial_used, created_at, updated_at, last_activity_at)
            SELECT 5000000000 + g, 'client', true, false, true, true, @t0, @t0, @t0 FROM generate_series(1, {count}) g;
            INSERT INTO subscriptions (user_id, status, started_at, expires_at, traffic_used_gb, device_limit, auto_renewal, is_trial, created_at, updated_at,
                                       reminded_for_expiry, reminded_days_before, win_back_for_expiry, win_back_days_after)
            SELECT id, CASE WHEN e > @t0 THEN 'active' ELSE 'expired' END, e - interval '30 days', e, 0, 1, false, false, @t0, @t0,
                   CASE WHEN e > @t0 AND e - @t0 <= interval '3 days' - interval '15 minutes' THEN e END,
                   CASE WHEN e > @t0 AND e - @t0 <= interval '1 day' - interval '15 minutes' THEN 1
                        WHEN e > @t0 AND e - @t0 <= interval '3 days' - interval '15 minutes' THEN 3 END,
                   CASE WHEN e <= @t0 - interval '15 minutes' THEN e END,
                   CASE WHEN e <= @t0 - interval '7 days 15 minutes' THEN 7
                        WHEN e <= @t0 - interval '3 days 15 minutes' THEN 3
                        WHEN e <= @t0 - interval '15 minutes' THEN 0 END
            FROM (SELECT id, @t0 - interval '60 days' + (id - 1) * {step} * interval '1 second' AS e FROM users) u;
            ANALYZE users; ANALYZE subscriptions;
            """, t0);
    }

    /// <summary>Forgets what was sent for <paramref name="rows"/> subscriptions in each job's windows: a backlog, as after downtime.</summary>
    public static Task ForgetAsync(string connectionString, int rows) => ExecuteAsync(connectionString, $"""
        UPDATE subscriptions SET reminded_for_expiry = NULL, reminded_days_before = NULL
        WHERE id IN (SELECT id FROM subscriptions WHERE status = 'active' AND expires_at <= now() + interval '3 days' AND reminded_for_expiry IS NOT NULL ORDER BY random() LIMIT {rows});
        UPDATE subscriptions SET win_back_for_expiry = NULL, win_back_days_after = NULL
        WHERE id IN (SELECT id FROM subscriptions WHERE status = 'expired' AND expires_at > now() - interval '11 days' AND win_back_for_expiry IS NOT NULL ORDER BY random() LIMIT {rows});
        ANALYZE subscriptions;
        """, null);

    private static async Task ExecuteAsync(string connectionString, string sql, DateTimeOffset? t0)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        if (t0 is { } at) command.Parameters.AddWithValue("t0", at);
        await command.ExecuteNonQueryAsync();
    }
}
