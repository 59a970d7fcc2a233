namespace VpnBot.Host.Cli;

/// <summary>"--name value" and "--flag" options plus positional words, for the operator verbs.</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public CliArgs(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var name = a[2..];
                var eq = name.IndexOf('=');
                if (eq > 0) _options[name[..eq]] = name[(eq + 1)..];
                else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal)) _options[name] = list[++i];
                else _options[name] = null;
            }
            else Positional.Add(a);
        }
    }

    public List<string> Positional { get; } = [];

    public string Required(string name) =>
        Optional(name) is { Length: > 0 } v ? v : throw new CliUsageException($"--{name} is required.");

    public string? Optional(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var v) ? v : null;
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public int Int(string name, int? fallback = null, int min = int.MinValue)
    {
        var text = Optional(name);
        if (text is null) return fallback ?? throw new CliUsageException($"--{name} is required.");
        if (!int.TryParse(text, out var v) || v < min) throw new CliUsageException($"--{name} must be a whole number >= {min}, not '{text}'.");
        return v;
    }

    public int? OptionalInt(string name, int min = 0) => Optional(name) is null ? null : Int(name, min: min);

    public decimal Decimal(string name)
    {
        var text = Required(name);
        if (!decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var v) || v < 0)
            throw new CliUsageException($"--{name} must be a non-negative number like 299.00, not '{text}'.");
        return v;
    }

    /// <summary>Fails on options nobody asked for, so a typo never silently does the wrong thing.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CliUsageException("Unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
    }
}

public sealed class CliUsageException(string message) : Exception(message)
{
    public CliUsageException() : this("Bad usage.") { }

    public CliUsageException(string message, Exception inner) : this(message + " " + inner.Message) { }
}
