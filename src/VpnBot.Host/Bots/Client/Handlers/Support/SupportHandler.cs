using VpnBot.Core.Support;
using VpnBot.Host.Bots.Client.Screens;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Handlers.Support;

/// <summary>
/// "💬 Support" (and sup, sup:write:{id}): the open ticket with its buttons, or, when there is
/// none, the first question of a new one (its subject).
/// </summary>
public sealed class SupportHandler(BotTexts texts, TicketService tickets, IConversationStore conversations, ScreenRenderer screens) : IUpdateHandler
{
    public const string SubjectStep = "support.subject";
    public const string MessageStep = "support.message";

    public static readonly ConversationState AskingSubject = new(SubjectStep, new Dictionary<string, string>());

    public async Task HandleAsync(UpdateContext context)
    {
        var user = context.RequireUser();
        var chatId = context.RequireChatId();
        if (await tickets.FindOpenAsync(user.Id, context.Ct) is { } ticket)
        {
            await conversations.ClearAsync(context.Bot, chatId, context.Ct);
            var writeHint = CallbackData.Parse(context.CallbackData).Arg(0) == "write";
            await screens.ShowAsync(context, SupportScreens.Ticket(texts, context, ticket, writeHint));
            return;
        }
        await conversations.SetAsync(context.Bot, chatId, AskingSubject, context.Ct);
        await screens.ShowAsync(context, SupportScreens.AskSubject(texts, context));
    }
}
