using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Support;

/// <summary>"✖️ Cancel" while writing a new ticket: forget the answers so far and go home.</summary>
public sealed class SupportCancelHandler(BotTexts texts, IConversationStore conversations, ScreenRenderer screens) : IUpdateHandler
{
    public async Task HandleAsync(UpdateContext context)
    {
        await conversations.ClearAsync(context.Bot, context.RequireChatId(), context.Ct);
        await screens.ShowAsync(context, SupportScreens.Cancelled(texts, context));
    }
}
