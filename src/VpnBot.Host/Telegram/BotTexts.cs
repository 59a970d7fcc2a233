using System.Globalization;
using System.Resources;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Telegram;

/// <summary>
/// Every user-facing text comes from a resource file: Russian in the neutral .resx, English in
/// the .en.resx beside it. A bot's own file is searched first, then the shared one.
/// </summary>
public sealed class BotTexts
{
    private static readonly ResourceManager Common = Manager("Telegram.Texts.CommonTexts");

    /// <summary>Each bot's resource files, searched in order before the shared one.</summary>
    public static readonly IReadOnlyDictionary<BotKind, ResourceManager[]> PerBot = new Dictionary<BotKind, ResourceManager[]>
    {
        [BotKind.Client] = [Manager("Bots.Client.ClientTexts"), Manager("Bots.Client.Delivery.DeliveryTexts")],
        [BotKind.Support] = [Manager("Bots.Support.SupportTexts")],
        [BotKind.Admin] = [Manager("Bots.Admin.AdminTexts"), Manager("Bots.Admin.Alerts.AlertTexts"), Manager("Bots.Admin.Analytics.AnalyticsTexts")],
    };

    public static IEnumerable<(string Name, ResourceManager Manager)> AllManagers =>
        PerBot.SelectMany(kv => kv.Value.Select(m => (kv.Key + ":" + m.BaseName, m))).Prepend(("Common", Common));

    public string Get(UpdateContext context, string key, params object?[] args) => Get(context.Bot, context.Culture, key, args);

    public string Get(BotKind bot, CultureInfo culture, string key, params object?[] args)
    {
        var text = Find(bot, culture, key) ?? throw new KeyNotFoundException($"No text '{key}' for the {bot} bot.");
        return args.Length == 0 ? text : string.Format(culture, text, args);
    }

    /// <summary>A text that may not exist (a key built from data); null when it does not.</summary>
    public string? Find(BotKind bot, CultureInfo culture, string key)
    {
        foreach (var manager in PerBot[bot])
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

    private static ResourceManager Manager(string relativeName) =>
        new("VpnBot.Host." + relativeName, typeof(BotTexts).Assembly);
}
