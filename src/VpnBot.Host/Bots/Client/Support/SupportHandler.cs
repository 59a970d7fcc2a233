using VpnBot.Core.Support;
using VpnBot.Host.Telegram;
using VpnBot.Host.Telegram.Navigation;
using VpnBot.Host.Telegram.Pipeline;
using VpnBot.Host.Telegram.State;

namespace VpnBot.Host.Bots.Client.Support;

/// <summary>
/// "💬 Support" (and sup, sup:write:{id}, sup:reply:{id}): the open ticket with its buttons, or,
/// when there is none, the first question of a new one (its subject). "Reply" under a support
/// answer shows its screen below the answer instead of replacing it.
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
        var data = CallbackData.Parse(context.CallbackData);
        var reply = data.Arg(0) == "reply";
        if (await tickets.FindOpenAsync(user.Id, context.Ct) is { } ticket)
        {
            await conversations.ClearAsync(context.Bot, chatId, context.Ct);
            var screen = SupportScreens.Ticket(texts, context, ticket, writeHint: data.Arg(0) is "write" or "reply");
            await (reply ? screens.ShowBelowAsync(context, screen) : screens.ShowAsync(context, screen));
            return;
        }
        await conversations.SetAsync(context.Bot, chatId, AskingSubject, context.Ct);
        if (reply)
            // The answered ticket was closed meanwhile: say so, and offer a new one.
            await screens.ShowBelowAsync(context, SupportScreens.AskSubject(texts, context), texts.Get(context, "SupportTicketGone"));
        else
            await screens.ShowAsync(context, SupportScreens.AskSubject(texts, context));
    }
}
