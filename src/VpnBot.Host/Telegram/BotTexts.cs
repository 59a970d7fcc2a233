using System.Globalization;
using System.Resources;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.Texts;

namespace VpnBot.Host.Telegram;

/// <summary>
/// Every user-facing text comes from a resource file: Russian in the neutral .resx, English in
/// the .en.resx beside it. A bot's own files (declared by its registration, see <see cref="BotTextResources"/>)
/// are searched first, then the shared one.
/// </summary>
public sealed class BotTexts
{
    public const string CommonBaseName = "Telegram.Texts.CommonTexts";

    private static readonly ResourceManager Common = Manager(CommonBaseName);

    private readonly Dictionary<BotKind, ResourceManager[]> _perBot;

    public BotTexts(IEnumerable<BotTextResources> declared)
    {
        _perBot = declared.GroupBy(d => d.Bot).ToDictionary(g => g.Key, g => g.SelectMany(d => d.BaseNames).Select(Manager).ToArray());
        foreach (var bot in BotKinds.All) _perBot.TryAdd(bot, []);
    }

    /// <summary>Every resource file in use, the shared one first, named "Bot:BaseName".</summary>
    public IEnumerable<(string Name, ResourceManager Manager)> AllManagers =>
        _perBot.SelectMany(kv => kv.Value.Select(m => (kv.Key + ":" + m.BaseName, m))).Prepend(("Common", Common));

    public string Get(UpdateContext context, string key, params object?[] args) => Get(context.Bot, context.Culture, key, args);

    public string Get(BotKind bot, CultureInfo culture, string key, params object?[] args)
    {
        var text = Find(bot, culture, key) ?? throw new KeyNotFoundException($"No text '{key}' for the {bot} bot.");
        return args.Length == 0 ? text : string.Format(culture, text, args);
    }

    /// <summary>A text that may not exist (a key built from data); null when it does not.</summary>
    public string? Find(BotKind bot, CultureInfo culture, string key)
    {
        foreach (var manager in _perBot[bot])
            if (manager.GetString(key, culture) is { } text) return text;
        return Common.GetString(key, culture);
    }

    /// <summary>A text that may not exist (a key built from data, such as a payment method); null when it does not.</summary>
    public string? TryGet(UpdateContext context, string key) => Find(context.Bot, context.Culture, key);

    /// <summary>Both languages' versions of a text, for matching reply-keyboard presses.</summary>
    public bool Matches(BotKind bot, string key, string text) =>
        string.Equals(Get(bot, Ru, key), text, StringComparison.Ordinal) || string.Equals(Get(bot, En, key), text, StringComparison.Ordinal);

    public static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru");
    public static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");

    public static ResourceManager Manager(string relativeName) =>
        new("VpnBot.Host." + relativeName, typeof(BotTexts).Assembly);
}
