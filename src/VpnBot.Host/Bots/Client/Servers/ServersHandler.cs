using VpnBot.Core.Analytics;
using VpnBot.Core.Servers;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Servers;

/// <summary>"🌍 Servers" and its pages (srv, srv:p:N): the enabled locations with their load.</summary>
public sealed class ServersHandler(BotTexts texts, ServerDirectory directory, ScreenRenderer screens, ActivityLog activity, IConversationStore conversations)
    : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        var data = CallbackData.Parse(context.CallbackData);
        var page = data.Arg(0) == "p" ? (int)Math.Clamp(data.LongArg(1) ?? 0, 0, 1000) : 0;
        if (data.Arg(0) != "p" && context.User is { } user) activity.Record(user.Id, ActivityActions.ServersViewed);
        await conversations.LeaveConversationOnMenuPressAsync(context);

        var servers = await directory.ListEnabledAsync(context.Ct);
        await screens.ShowAsync(context, ServersScreen.Build(texts, context, servers, page));
    }
}
