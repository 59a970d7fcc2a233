using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using VpnBot.Host.Bots.Admin;
using VpnBot.Host.Bots.Client;
using VpnBot.Host.Bots.Support;
using VpnBot.Host.Telegram;

namespace VpnBot.Core.Tests.Host;

/// <summary>Every text exists in Russian and English, is not empty and takes the same arguments in both.</summary>
public partial class BotTextsTranslationTests
{
    /// <summary>The texts as the host composes them: each bot declares its own files.</summary>
    private static readonly BotTexts Texts = new([ClientBotModule.Texts, SupportBotModule.Texts, AdminBotModule.Texts]);

    public static TheoryData<string> Managers() => [.. Texts.AllManagers.Select(m => m.Name)];

    [Fact]
    public void Every_resource_file_of_the_host_is_declared_by_a_bot_or_shared()
    {
        const string prefix = "VpnBot.Host.";
        var embedded = typeof(BotTexts).Assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".resources", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^".resources".Length]);
        var declared = Texts.AllManagers.Select(m => m.Manager.BaseName[prefix.Length..]).ToList();
        Assert.All(embedded, name => Assert.Contains(name, declared));
        Assert.Equal(declared.Count, declared.Distinct().Count());
    }

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
        var manager = Texts.AllManagers.Single(m => m.Name == name).Manager;
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
