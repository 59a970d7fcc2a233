using System.Globalization;
using System.Text;

namespace VpnBot.Host.Telegram.Navigation;

/// <summary>
/// Inline-button data in the router's "prefix:arg:arg" shape. Telegram accepts at most 64 UTF-8
/// bytes; building longer data is a programming error and throws rather than being cut.
/// </summary>
public readonly record struct CallbackData(string Prefix, IReadOnlyList<string> Args)
{
    public const int MaxBytes = 64;
    public const char Separator = ':';

    public static string Build(string prefix, params string[] args)
    {
        if (string.IsNullOrEmpty(prefix)) throw new ArgumentException("A callback prefix is required.", nameof(prefix));
        var data = args.Length == 0 ? prefix : prefix + Separator + string.Join(Separator, args);
        if (prefix.Contains(Separator, StringComparison.Ordinal) || args.Any(a => a.Contains(Separator, StringComparison.Ordinal)))
            throw new ArgumentException($"Callback parts may not contain '{Separator}': {data}", nameof(args));
        var bytes = Encoding.UTF8.GetByteCount(data);
        if (bytes > MaxBytes) throw new ArgumentException($"Callback data is {bytes} bytes, over Telegram's {MaxBytes}: {data}", nameof(args));
        return data;
    }

    public static string Build(string prefix, string action, long id) => Build(prefix, action, Num(id));

    /// <summary>A number as a callback argument (invariant digits, whatever the user's culture).</summary>
    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Splits any data (even data we never produced: buttons are user-controlled input).</summary>
    public static CallbackData Parse(string? data)
    {
        if (string.IsNullOrEmpty(data)) return new CallbackData("", []);
        var parts = data.Split(Separator);
        return new CallbackData(parts[0], parts[1..]);
    }

    /// <summary>The argument at <paramref name="index"/>, or null when there are fewer.</summary>
    public string? Arg(int index) => index < Args.Count ? Args[index] : null;

    public long? LongArg(int index) =>
        long.TryParse(Arg(index), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
