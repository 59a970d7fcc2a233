using VpnBot.Core.Analytics;
using VpnBot.Core.Users;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;

namespace VpnBot.Host.Bots.Client.Profile;

/// <summary>pproto shows the choice; pproto:{vless|wg|ovpn|auto} saves the protocol used for the next key.</summary>
public sealed class ProtocolPreferenceHandler(BotTexts texts, UserPreferences preferences, ScreenRenderer screens, ActivityLog activity) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        var choice = CallbackData.Parse(context.CallbackData).Arg(0);
        var protocol = ProtocolNames.FromId(choice);
        if (choice is null || (protocol is null && choice != ProfileScreens.Auto) || !await preferences.SetProtocolAsync(user.Id, protocol, context.Ct))
        {
            await screens.ShowAsync(context, ProfileScreens.ProtocolPicker(texts, context, user));
            return;
        }
        user.PreferredProtocol = protocol;
        user.AutoSelectProtocol = protocol is null;
        activity.Record(user.Id, ActivityActions.ProtocolChanged, choice);
        await screens.ShowAsync(context, ProfileScreens.Overview(texts, context, user), texts.Get(context, "ProfileSaved"));
    }
}
