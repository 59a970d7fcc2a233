using VpnBot.Core.Analytics;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Profile;

/// <summary>"⚙️ Profile" (and prof): who the user is to us and their settings. The user row is already loaded.</summary>
public sealed class ProfileHandler(BotTexts texts, ScreenRenderer screens, ActivityLog activity, IConversationStore conversations) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        await conversations.LeaveConversationOnMenuPressAsync(context);
        if (context.Message is not null) activity.Record(user.Id, ActivityActions.ProfileViewed);
        await screens.ShowAsync(context, ProfileScreens.Overview(texts, context, user));
    }
}
