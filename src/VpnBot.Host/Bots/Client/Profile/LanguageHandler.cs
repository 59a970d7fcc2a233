using System.Globalization;
using Telegram.Bot;
using VpnBot.Core.Analytics;
using VpnBot.Core.Users;
using VpnBot.Host.Bots.Client.Home;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Profile;

/// <summary>plang shows the choice; plang:{ru|en} saves it and answers in the new language from this screen on.</summary>
public sealed class LanguageHandler(BotTexts texts, UserPreferences preferences, ScreenRenderer screens, ActivityLog activity) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        var language = CallbackData.Parse(context.CallbackData).Arg(0);
        if (language is null || !await preferences.SetLanguageAsync(user.Id, language, context.Ct))
        {
            await screens.ShowAsync(context, ProfileScreens.LanguagePicker(texts, context, user));
            return;
        }
        user.UiLanguage = language;
        context.Culture = CultureInfo.GetCultureInfo(user.UiCulture);
        CultureInfo.CurrentUICulture = context.Culture;
        activity.Record(user.Id, ActivityActions.LanguageChanged, language);

        await screens.ShowAsync(context, ProfileScreens.Overview(texts, context, user), texts.Get(context, "ProfileSaved"));
        // The reply keyboard cannot be edited in place: a short note brings it in the new language.
        await context.Client.SendMessage(context.RequireChatId(), texts.Get(context, "ProfileLanguageSaved"),
            replyMarkup: MainMenuKeyboard.Build(texts, context), cancellationToken: context.Ct);
    }
}
