namespace VpnBot.Host.Logging;

/// <summary>Splits the Serilog section into everything but the sinks, and the sinks (with the assemblies they need).</summary>
internal static class SerilogSections
{
    public static (IConfiguration Settings, IConfiguration Sinks) Split(IConfiguration config)
    {
        var all = config.GetSection("Serilog").AsEnumerable().ToList();
        return (Build(all.Where(kv => !IsSink(kv.Key))), Build(all.Where(kv => IsSink(kv.Key) || Is(kv.Key, "Serilog:Using"))));
    }

    private static bool IsSink(string key) => Is(key, "Serilog:WriteTo") || Is(key, "Serilog:AuditTo");

    private static bool Is(string key, string section) =>
        key.Equals(section, StringComparison.OrdinalIgnoreCase) || key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase);

    private static IConfiguration Build(IEnumerable<KeyValuePair<string, string?>> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
