using System.Data.Common;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace VpnBot.Host.Logging;

/// <summary>The configured values that must never appear in a log line.</summary>
public static partial class LogSecrets
{
    /// <summary>Keys that are secret whatever their name says.</summary>
    public static readonly string[] Keys =
    [
        "Bots:Client:Token", "Bots:Support:Token", "Bots:Admin:Token", "Telegram:WebhookSecret", "Security:EncryptionKey",
        "Payments:YooKassa:SecretKey", "Payments:CryptoPay:Token",
    ];

    /// <summary>
    /// The listed keys, every key whose name says it is a secret (a token, a password, an API or secret key), and
    /// the password of every connection string, whatever it connects to (PostgreSQL, Redis, ...).
    /// </summary>
    public static List<string> From(IConfiguration config)
    {
        var secrets = Keys.Select(k => config[k]).OfType<string>().ToList();
        foreach (var (key, value) in config.AsEnumerable())
            if (value is { Length: > 0 } && SecretName().IsMatch(key.Split(':')[^1])) secrets.Add(value);
        foreach (var connection in config.GetSection("ConnectionStrings").GetChildren())
            if (connection.Value is { Length: > 0 } text) secrets.AddRange(PasswordsIn(text));
        return secrets;
    }

    /// <summary>The password in "Key=Value;..." (ADO.NET), "host:port,password=..." (Redis) and "scheme://user:password@host" forms.</summary>
    public static IEnumerable<string> PasswordsIn(string connectionString)
    {
        var found = new List<string>();
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var name in new[] { "password", "pwd" })
                if (builder.TryGetValue(name, out var value) && value is string { Length: > 0 } s) found.Add(s);
        }
        catch (ArgumentException)
        {
            // not the Key=Value form
        }
        try
        {
            if (ConfigurationOptions.Parse(connectionString, ignoreUnknown: true).Password is { Length: > 0 } redis) found.Add(redis);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or RedisException)
        {
            // not a Redis configuration string
        }
        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) && uri.UserInfo.Split(':', 2) is [_, { Length: > 0 } inUri])
            found.Add(Uri.UnescapeDataString(inUri));
        return found;
    }

    [GeneratedRegex("(token|secret|secretkey|password|apikey|apitoken|encryptionkey)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
