using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace VpnBot.Core.Data;

public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => SnakeCaseEnum<TEnum>.ToText(v),
    v => SnakeCaseEnum<TEnum>.Parse(v))
    where TEnum : struct, Enum;

public static class SnakeCaseEnum<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, NameOf);

    private static readonly FrozenDictionary<string, TEnum> Values =
        Names.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);

    private static string NameOf(TEnum value)
    {
        var member = typeof(TEnum).GetField(value.ToString());
        var explicitName = member?.GetCustomAttributes(typeof(EnumMemberAttribute), false)
            .OfType<EnumMemberAttribute>().FirstOrDefault()?.Value;
        return explicitName ?? SnakeCase.From(value.ToString());
    }

    public static string ToText(TEnum value) => Names[value];

    public static TEnum Parse(string text) =>
        Values.TryGetValue(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}");

    public static bool TryParse(string? text, out TEnum value)
    {
        value = default;
        return text is not null && Values.TryGetValue(text.Trim(), out value);
    }

    public static IEnumerable<string> AllNames => Names.Values;
}

public static class SnakeCase
{
    public static string From(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && !char.IsUpper(pascal[i - 1])) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
