using VpnBot.Core.Analytics;
using VpnBot.Host.Bots.Client.Shared;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Instructions;

/// <summary>"📖 Instructions" and its buttons. Unknown platforms or protocols (old buttons) fall back to the device list.</summary>
public sealed class InstructionsHandler(BotTexts texts, ScreenRenderer screens, ActivityLog activity, IConversationStore conversations) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        await conversations.LeaveConversationOnMenuPressAsync(context);
        var data = CallbackData.Parse(context.CallbackData);
        var platform = data.Arg(0);
        var labelKey = InstructionCatalog.PlatformLabelKey(platform);
        var protocol = ProtocolNames.FromId(data.Arg(1));

        if (labelKey is null)
            await screens.ShowAsync(context, InstructionsScreens.Platforms(texts, context));
        else if (protocol is not { } p || !InstructionCatalog.Protocols.Contains(p))
            await screens.ShowAsync(context, InstructionsScreens.Protocols(texts, context, platform!, labelKey));
        else
        {
            if (context.User is { } user) activity.Record(user.Id, ActivityActions.InstructionsViewed, $"{platform}/{data.Arg(1)}");
            await screens.ShowAsync(context, InstructionsScreens.Steps(texts, context, platform!, p));
        }
    }
}
