namespace VpnBot.Core.Users;

public static class LanguageCodes
{
    // Users of these Telegram clients usually read Russian more easily than English.
    private static readonly string[] RussianSpeaking = ["ru", "be", "uk", "kk", "ky", "uz", "tg", "hy", "az"];

    public static bool IsRussianSpeaking(string? languageCode)
    {
        if (string.IsNullOrEmpty(languageCode)) return true; // Russian first: the market default.
        var span = languageCode.AsSpan();
        var dash = span.IndexOf('-');
        if (dash > 0) span = span[..dash];
        foreach (var code in RussianSpeaking)
            if (span.Equals(code, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>The UI culture we answer in: "ru" or "en".</summary>
    public static string UiCulture(string? languageCode) => IsRussianSpeaking(languageCode) ? "ru" : "en";

    /// <summary>The user's own choice in the bot wins over the Telegram client's language.</summary>
    public static string UiCulture(string? uiLanguage, string? languageCode) =>
        IsSupported(uiLanguage) ? uiLanguage! : UiCulture(languageCode);

    /// <summary>The languages the bots are written in.</summary>
    public static readonly IReadOnlyList<string> Supported = ["ru", "en"];

    public static bool IsSupported(string? uiLanguage) => uiLanguage is "ru" or "en";
}
