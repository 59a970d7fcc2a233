namespace VpnBot.Vpn.Ssh;

/// <summary>
/// POSIX shell quoting. Every value that goes into a remote command line passes through here even
/// after validation, so a validation slip can never become command injection.
/// </summary>
public static class ShellQuote
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("A shell argument cannot contain NUL.", nameof(value));
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));
}
