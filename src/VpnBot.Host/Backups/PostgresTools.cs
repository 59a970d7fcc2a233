using System.Diagnostics;
using Npgsql;

namespace VpnBot.Host.Backups;

/// <summary>
/// pg_dump and pg_restore against the configured database. The connection is passed as separate options and the
/// password only through PGPASSWORD in the child's environment: never on a command line (any local user can read
/// those in /proc) and never in an error message. --no-password makes a missing password fail instead of prompting.
/// </summary>
public sealed class PostgresTools(string connectionString)
{
    private readonly NpgsqlConnectionStringBuilder _connection = new(connectionString);

    /// <summary>"database vpnbot on 127.0.0.1:5432", for messages: no user, no password.</summary>
    public string Describe() => $"database {_connection.Database} on {_connection.Host}:{_connection.Port}";

    public ProcessStartInfo Dump() => Start("pg_dump", "--format=custom", "--compress=6");

    public ProcessStartInfo Restore(string file, bool clean)
    {
        var start = Start("pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction");
        if (clean)
        {
            start.ArgumentList.Add("--clean");
            start.ArgumentList.Add("--if-exists");
        }
        start.ArgumentList.Add(file);
        return start;
    }

    private ProcessStartInfo Start(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = false, UseShellExecute = false,
        };
        start.ArgumentList.Add("--no-password");
        if (!string.IsNullOrEmpty(_connection.Host)) start.ArgumentList.Add("--host=" + _connection.Host);
        start.ArgumentList.Add("--port=" + _connection.Port);
        if (!string.IsNullOrEmpty(_connection.Username)) start.ArgumentList.Add("--username=" + _connection.Username);
        start.ArgumentList.Add("--dbname=" + _connection.Database);
        foreach (var a in args) start.ArgumentList.Add(a);
        // A password from the environment of the host process must not leak into ours by accident either.
        start.Environment.Remove("PGPASSWORD");
        if (!string.IsNullOrEmpty(_connection.Password)) start.Environment["PGPASSWORD"] = _connection.Password;
        if (_connection.SslMode is not SslMode.Disable and not SslMode.Prefer)
            start.Environment["PGSSLMODE"] = _connection.SslMode.ToString().ToLowerInvariant() switch
            {
                "verifyca" => "verify-ca",
                "verifyfull" => "verify-full",
                var mode => mode,
            };
        return start;
    }
}
