using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using VpnBot.Host.Telegram;

namespace VpnBot.Core.Tests.Host;

/// <summary>Every text exists in Russian and English, is not empty and takes the same arguments in both.</summary>
public partial class BotTextsTranslationTests
{
    public static TheoryData<string> Managers() => [.. BotTexts.AllManagers.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Managers))]
    public void Every_key_exists_in_both_languages_with_a_value(string name)
    {
        var (russian, english) = Load(name);
        Assert.NotEmpty(russian);
        Assert.Equal(russian.Keys.Order(StringComparer.Ordinal), english.Keys.Order(StringComparer.Ordinal));
        Assert.All(russian.Concat(english), kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), $"{name}: '{kv.Key}' is empty"));
    }

    [Theory]
    [MemberData(nameof(Managers))]
    public void Both_languages_use_the_same_placeholders_and_fit_a_telegram_message(string name)
    {
        var (russian, english) = Load(name);
        foreach (var (key, ru) in russian)
        {
            if (!english.TryGetValue(key, out var en)) continue; // reported by the test above
            Assert.True(Placeholders(ru).SetEquals(Placeholders(en)), $"{name}: '{key}' takes {{{string.Join(",", Placeholders(ru))}}} in Russian but {{{string.Join(",", Placeholders(en))}}} in English");
            Assert.True(ru.Length <= 4096 && en.Length <= 4096, $"{name}: '{key}' is longer than a Telegram message");
        }
    }

    private static (Dictionary<string, string> Russian, Dictionary<string, string> English) Load(string name)
    {
        var manager = BotTexts.AllManagers.Single(m => m.Name == name).Manager;
        // Neutral resources are Russian (see AssemblyInfo); tryParents: false so a missing English text is not
        // silently served in Russian.
        var russian = Read(manager.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false));
        var english = Read(manager.GetResourceSet(CultureInfo.GetCultureInfo("en"), createIfNotExists: true, tryParents: false));
        return (russian, english);
    }

    private static Dictionary<string, string> Read(ResourceSet? set)
    {
        Assert.NotNull(set);
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? "", StringComparer.Ordinal);
    }

    private static HashSet<string> Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"\{(\d+)[^}]*\}")]
    private static partial Regex PlaceholderPattern();
}
