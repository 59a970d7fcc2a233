using VpnBot.Core.Users;

namespace VpnBot.Core.Tests.Users;

public class LanguageCodesTests
{
    [Theory]
    [InlineData(null, null, "ru")]
    [InlineData(null, "en-US", "en")]
    [InlineData(null, "uk", "ru")]
    [InlineData("en", "ru", "en")]
    [InlineData("ru", "de", "ru")]
    [InlineData("de", "en", "en")] // an unsupported stored choice falls back to Telegram's language
    [InlineData("", "kk", "ru")]
    public void The_users_own_choice_wins_over_the_telegram_language(string? uiLanguage, string? telegram, string expected)
    {
        Assert.Equal(expected, LanguageCodes.UiCulture(uiLanguage, telegram));
        Assert.Equal(expected, new User { UiLanguage = uiLanguage, LanguageCode = telegram }.UiCulture);
        Assert.Equal(expected == "ru", new User { UiLanguage = uiLanguage, LanguageCode = telegram }.SpeaksRussian);
    }
}
